#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "interlude/scripting/AdCreative.h"
#include "interlude/scripting/AdDayparts.h"
#include "interlude/scripting/AdTargeting.h"

namespace interlude::scripting {

// One advertiser's order: where, when, to whom and how often its creatives play.
struct AdCampaign {
  using Clock = std::chrono::system_clock;

  // At most `impressions` picks per viewer in each window of `period`.
  struct Cap {
    std::int64_t impressions = 0;
    std::chrono::seconds period{0};
  };
  struct Goal {
    std::int64_t impressions = 0;
    bool even = true;  // paced over the flight; false: as soon as possible
  };

  std::string id;
  double weight = 1;
  std::optional<Clock::time_point> start;  // included
  std::optional<Clock::time_point> end;    // excluded
  std::vector<std::string> categories;
  std::vector<std::uint32_t> categoryIds;  // sorted; given by the catalog
  std::vector<std::string> slots;
  std::string vastUrl;  // an external VAST tag; empty: none
  AdDayparts dayparts;
  AdTargeting targeting;
  std::optional<Cap> cap;
  std::optional<Goal> goal;
  std::vector<AdCreative> creatives;

  bool inFlight(Clock::time_point now) const;
  // Whether the campaign may take one more impression after `impressions`: under
  // its goal and, when paced evenly, not ahead of the goal's share of the flight
  // elapsed by `now` (plus 1% of the goal, at least one impression).
  bool underGoal(std::int64_t impressions, Clock::time_point now) const;
  bool sharesCategory(const std::vector<std::uint32_t>& sortedIds) const;
};

}  // namespace interlude::scripting
