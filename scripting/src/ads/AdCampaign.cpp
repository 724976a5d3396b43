#include "interlude/scripting/AdCampaign.h"

#include <algorithm>

namespace interlude::scripting {

bool AdCampaign::inFlight(Clock::time_point now) const {
  return (!start || now >= *start) && (!end || now < *end);
}

bool AdCampaign::underGoal(std::int64_t impressions, Clock::time_point now) const {
  if (!goal) return true;
  if (impressions >= goal->impressions) return false;
  if (!goal->even || !start || !end) return true;
  const double elapsed = std::clamp(
      std::chrono::duration<double>(now - *start) / std::chrono::duration<double>(*end - *start),
      0.0, 1.0);
  const double allowance = std::max(1.0, static_cast<double>(goal->impressions) / 100);
  return static_cast<double>(impressions) <
         static_cast<double>(goal->impressions) * elapsed + allowance;
}

bool AdCampaign::sharesCategory(const std::vector<std::uint32_t>& sortedIds) const {
  auto mine = categoryIds.begin();
  auto theirs = sortedIds.begin();
  while (mine != categoryIds.end() && theirs != sortedIds.end()) {
    if (*mine == *theirs) return true;
    *mine < *theirs ? ++mine : ++theirs;
  }
  return false;
}

}  // namespace interlude::scripting
