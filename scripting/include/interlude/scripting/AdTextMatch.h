#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace Poco {
class RegularExpression;
}

namespace interlude::scripting {

// A comparison of a request's text: exact, substring ignoring ASCII case, or a
// PCRE regular expression found anywhere; Any only asks that the text exists.
class AdTextMatch {
 public:
  enum class Kind { Any, Equals, Contains, Matches };

  AdTextMatch() = default;
  // Throws std::invalid_argument for a regular expression that does not compile.
  AdTextMatch(Kind kind, std::string pattern);

  bool matches(std::string_view text) const;

 private:
  Kind kind_ = Kind::Any;
  std::string pattern_;  // lower case for Contains
  std::shared_ptr<const Poco::RegularExpression> regex_;
};

}  // namespace interlude::scripting
