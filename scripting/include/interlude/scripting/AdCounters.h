#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "interlude/core/SessionStore.h"
#include "interlude/scripting/AdCampaign.h"

namespace interlude::scripting {

// The counters of campaigns in the session store, shared by every node:
//   ads:cap:<campaign>:<viewer>:<window>  picks of a capped campaign for a viewer in
//                                         one window of its period (expires with it)
//   ads:imp:<campaign>                    impressions, for goals and pacing
class AdCounters {
 public:
  using Clock = std::chrono::system_clock;

  explicit AdCounters(core::SessionStore& store) : store_(store) {}

  // Counts a pick toward the viewer's cap; false, counting nothing, when another
  // pick has taken the last one meanwhile.
  bool takeCap(const AdCampaign& campaign, const std::string& viewer, Clock::time_point now);
  // Gives back a pick takeCap counted at `now` (an ad that did not go into the playlist).
  void releaseCap(const AdCampaign& campaign, const std::string& viewer, Clock::time_point now);

  std::int64_t impressions(const AdCampaign& campaign);
  void recordImpression(const AdCampaign& campaign, Clock::time_point now);

 private:
  static std::string capKey(const AdCampaign& campaign, const std::string& viewer,
                            Clock::time_point now);

  core::SessionStore& store_;
};

}  // namespace interlude::scripting
