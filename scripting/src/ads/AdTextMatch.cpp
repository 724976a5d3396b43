#include "interlude/scripting/AdTextMatch.h"

#include <Poco/Exception.h>
#include <Poco/RegularExpression.h>

#include <algorithm>
#include <stdexcept>

#include "interlude/core/Text.h"

namespace interlude::scripting {
namespace {

char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

AdTextMatch::AdTextMatch(Kind kind, std::string pattern)
    : kind_(kind), pattern_(kind == Kind::Contains ? core::toLower(pattern) : std::move(pattern)) {
  if (kind_ != Kind::Matches) return;
  try {
    regex_ = std::make_shared<const Poco::RegularExpression>(pattern_);
  } catch (const Poco::RegularExpressionException& e) {
    throw std::invalid_argument("bad regular expression \"" + pattern_ + "\": " + e.message());
  }
}

bool AdTextMatch::matches(std::string_view text) const {
  switch (kind_) {
    case Kind::Any:
      return true;
    case Kind::Equals:
      return text == pattern_;
    case Kind::Contains:
      return std::search(text.begin(), text.end(), pattern_.begin(), pattern_.end(),
                         [](char a, char b) { return lowerAscii(a) == b; }) != text.end();
    case Kind::Matches: {
      // match(subject) wants the whole text: this one finds the pattern anywhere.
      Poco::RegularExpression::Match found;
      return regex_->match(std::string(text), 0, found) > 0;
    }
  }
  return false;
}

}  // namespace interlude::scripting
