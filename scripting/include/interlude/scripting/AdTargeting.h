#pragma once

#include <string>
#include <vector>

#include "interlude/core/IpRange.h"
#include "interlude/scripting/AdContext.h"
#include "interlude/scripting/AdTextMatch.h"

namespace interlude::scripting {

// Who a campaign is for. Every group of conditions must hold; the conditions of
// one group are alternatives. The groups: the query parameters of one name, the
// headers of one name, the user agent, the client address. No condition: anyone.
class AdTargeting {
 public:
  void addQuery(const std::string& name, AdTextMatch match);
  void addHeader(const std::string& name, AdTextMatch match);  // name case ignored
  void addUserAgent(AdTextMatch match);
  void addRange(core::IpRange range);

  // Inline for the common campaign without conditions: a pick checks each candidate.
  bool matches(const AdContext& context) const { return !any() || matchesAll(context); }
  // Whether there is any condition (without, matches() needs no context).
  bool any() const {
    return !query_.empty() || !headers_.empty() || !userAgents_.empty() || !ranges_.empty();
  }

 private:
  struct Named {
    std::string name;
    std::vector<AdTextMatch> alternatives;
  };
  static void add(std::vector<Named>& group, const std::string& name, AdTextMatch match);
  bool matchesAll(const AdContext& context) const;
  static bool matchesNamed(const std::vector<Named>& groups,
                           const std::unordered_map<std::string, std::string>& values);

  std::vector<Named> query_;
  std::vector<Named> headers_;
  std::vector<AdTextMatch> userAgents_;
  std::vector<core::IpRange> ranges_;
};

}  // namespace interlude::scripting
