#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "interlude/core/Metrics.h"
#include "interlude/core/SessionStore.h"
#include "interlude/scripting/AdEvent.h"
#include "interlude/scripting/ThreadSlots.h"

namespace interlude::scripting {

// Ad counters every node shares, in the session store:
//   ads:trk:<campaign>/<creative>:<event>  tracked events of a creative
//   ads:fill:<slot>:picks|filled           ad requests of a slot and those given an ad
// and in /metrics (this node's share) as interlude_ad_events_total{campaign,
// creative,event}, interlude_ad_event_kinds_total{event} (every kind from the
// start, at 0) and interlude_ad_picks_total{slot,result}.
//
// Picks happen on the request path (each ads.pick of a playlist's rules): they
// are counted in memory and added to the store at most once per kFlushEvery,
// before a read of the fill counts, and when the AdStats goes.
class AdStats {
 public:
  static constexpr std::chrono::milliseconds kFlushEvery{1000};
  // Distinct slot names counted; the picks of names past them are counted as kOtherSlots.
  static constexpr std::size_t kMaxSlots = 256;
  static constexpr const char* kOtherSlots = "(other)";

  AdStats(core::SessionStore& store, core::MetricsRegistry& metrics);
  ~AdStats();
  AdStats(const AdStats&) = delete;
  AdStats& operator=(const AdStats&) = delete;

  void recordEvent(const std::string& campaign, const std::string& creative, AdEvent event) const;
  void recordPick(const std::string& slot, bool filled) const;

  std::int64_t events(const std::string& campaign, const std::string& creative,
                      AdEvent event) const;
  std::int64_t picks(const std::string& slot) const;
  std::int64_t filled(const std::string& slot) const;
  // The slots this node was asked for since the AdStats was made (catalog or not).
  std::vector<std::string> slotsPicked() const;

 private:
  // Not yet in the store, in shards by thread: counting a pick writes no cache
  // line that another core's picks write too.
  struct SlotPicks {
    struct alignas(64) Shard {
      std::atomic<std::int64_t> picks{0};
      std::atomic<std::int64_t> filled{0};
    };
    static constexpr std::size_t kShards = 16;
    std::array<Shard, kShards> shards;
    core::Counter* filledMetric = nullptr;
    core::Counter* emptyMetric = nullptr;
  };
  // The slots a thread counted picks of, found again without the shared lock.
  using KnownSlots = std::vector<std::pair<std::string, SlotPicks*>>;
  using Clock = std::chrono::steady_clock;

  std::int64_t read(const std::string& key) const;
  SlotPicks& slotPicks(const std::string& slot) const;
  void flushPicks() const;

  core::SessionStore& store_;
  core::MetricsRegistry& metrics_;
  std::array<core::Counter*, kAdEvents.size()> kinds_;  // by AdEvent
  mutable std::shared_mutex slotsMutex_;
  mutable std::unordered_map<std::string, std::unique_ptr<SlotPicks>> slots_;  // never erased
  mutable ThreadSlots<KnownSlots> known_;
  mutable std::mutex flushMutex_;
  mutable std::atomic<Clock::rep> nextFlush_{0};
};

}  // namespace interlude::scripting
