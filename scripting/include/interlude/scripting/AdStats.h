#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "interlude/core/Metrics.h"
#include "interlude/core/SessionStore.h"
#include "interlude/scripting/AdEvent.h"

namespace interlude::scripting {

// Ad counters every node shares, in the session store:
//   ads:trk:<campaign>/<creative>:<event>  tracked events of a creative
//   ads:fill:<slot>:picks|filled           ad requests of a slot and those given an ad
// and in /metrics (this node's share) as interlude_ad_events_total{campaign,
// creative,event}, interlude_ad_event_kinds_total{event} (every kind from the
// start, at 0) and interlude_ad_picks_total{slot,result}.
class AdStats {
 public:
  AdStats(core::SessionStore& store, core::MetricsRegistry& metrics);

  void recordEvent(const std::string& campaign, const std::string& creative, AdEvent event) const;
  void recordPick(const std::string& slot, bool filled) const;

  std::int64_t events(const std::string& campaign, const std::string& creative,
                      AdEvent event) const;
  std::int64_t picks(const std::string& slot) const;
  std::int64_t filled(const std::string& slot) const;

 private:
  std::int64_t read(const std::string& key) const;

  core::SessionStore& store_;
  core::MetricsRegistry& metrics_;
  std::array<core::Counter*, kAdEvents.size()> kinds_;  // by AdEvent
};

}  // namespace interlude::scripting
