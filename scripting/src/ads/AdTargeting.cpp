#include "interlude/scripting/AdTargeting.h"

#include <algorithm>

#include "interlude/core/Text.h"

namespace interlude::scripting {

void AdTargeting::add(std::vector<Named>& groups, const std::string& name, AdTextMatch match) {
  const auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const Named& group) { return group.name == name; });
  if (it != groups.end()) {
    it->alternatives.push_back(std::move(match));
  } else {
    groups.push_back({name, {std::move(match)}});
  }
}

void AdTargeting::addQuery(const std::string& name, AdTextMatch match) {
  add(query_, name, std::move(match));
}

void AdTargeting::addHeader(const std::string& name, AdTextMatch match) {
  add(headers_, core::toLower(name), std::move(match));
}

void AdTargeting::addUserAgent(AdTextMatch match) { userAgents_.push_back(std::move(match)); }

void AdTargeting::addRange(core::IpRange range) { ranges_.push_back(std::move(range)); }

bool AdTargeting::matchesNamed(const std::vector<Named>& groups,
                               const std::unordered_map<std::string, std::string>& values) {
  return std::all_of(groups.begin(), groups.end(), [&](const Named& group) {
    const auto value = values.find(group.name);
    return value != values.end() &&
           std::any_of(group.alternatives.begin(), group.alternatives.end(),
                       [&](const AdTextMatch& match) { return match.matches(value->second); });
  });
}

bool AdTargeting::matchesAll(const AdContext& context) const {
  if (!matchesNamed(query_, context.query) || !matchesNamed(headers_, context.headers)) {
    return false;
  }
  if (!userAgents_.empty() &&
      std::none_of(userAgents_.begin(), userAgents_.end(),
                   [&](const AdTextMatch& match) { return match.matches(context.userAgent); })) {
    return false;
  }
  return ranges_.empty() || (context.client && std::any_of(ranges_.begin(), ranges_.end(),
                                                           [&](const core::IpRange& r) {
                                                             return r.contains(*context.client);
                                                           }));
}

}  // namespace interlude::scripting
