#include "interlude/scripting/AdStats.h"

#include <chrono>
#include <functional>
#include <thread>

namespace interlude::scripting {
namespace {

constexpr std::chrono::seconds kKeep = std::chrono::hours(24 * 400);
// A site has a few slots; names past these (asked for by VAST requests) are looked up each time.
constexpr std::size_t kKnownSlotsPerThread = 16;

std::string eventKey(const std::string& campaign, const std::string& creative, AdEvent event) {
  return "ads:trk:" + campaign + "/" + creative + ":" + std::string(adEventName(event));
}

}  // namespace

AdStats::AdStats(core::SessionStore& store, core::MetricsRegistry& metrics)
    : store_(store), metrics_(metrics) {
  for (const auto event : kAdEvents) {
    kinds_[static_cast<std::size_t>(event)] =
        &metrics.counter("interlude_ad_event_kinds_total", "Ad events tracked, by kind",
                         "event=\"" + std::string(adEventName(event)) + "\"");
  }
}

void AdStats::recordEvent(const std::string& campaign, const std::string& creative,
                          AdEvent event) const {
  store_.increment(eventKey(campaign, creative, event), 1, kKeep);
  kinds_[static_cast<std::size_t>(event)]->add();
  metrics_
      .counter("interlude_ad_events_total", "Ad events tracked, server-side or by beacon",
               "campaign=\"" + core::labelValue(campaign) + "\",creative=\"" +
                   core::labelValue(creative) + "\",event=\"" + std::string(adEventName(event)) +
                   "\"")
      .add();
}

AdStats::~AdStats() {
  try {
    flushPicks();
  } catch (const std::exception&) {  // a store that fails now has nothing to keep them
  }
}

AdStats::SlotPicks& AdStats::slotPicks(const std::string& asked) const {
  std::string slot = asked;
  {
    std::shared_lock lock(slotsMutex_);
    if (const auto it = slots_.find(slot); it != slots_.end()) return *it->second;
    // Slot names come from requests too (VAST): past kMaxSlots they share one counter.
    if (slots_.size() >= kMaxSlots) slot = kOtherSlots;
    if (const auto it = slots_.find(slot); it != slots_.end()) return *it->second;
  }
  auto fresh = std::make_unique<SlotPicks>();
  const auto metric = [&](const char* result) {
    return &metrics_.counter("interlude_ad_picks_total",
                             "Ad requests of a slot, by whether an ad was given",
                             "slot=\"" + core::labelValue(slot) + "\",result=\"" + result + "\"");
  };
  fresh->filledMetric = metric("filled");
  fresh->emptyMetric = metric("empty");
  std::unique_lock lock(slotsMutex_);
  return *slots_.try_emplace(slot, std::move(fresh)).first->second;
}

void AdStats::recordPick(const std::string& slot, bool filled) const {
  SlotPicks* counts = nullptr;
  auto* known = known_.mine();
  if (known) {
    for (const auto& [name, picks] : *known) {
      if (name == slot) counts = picks;
    }
  }
  if (!counts) {
    counts = &slotPicks(slot);
    if (known && known->size() < kKnownSlotsPerThread) known->emplace_back(slot, counts);
  }
  const auto shard = std::hash<std::thread::id>{}(std::this_thread::get_id()) % SlotPicks::kShards;
  auto& mine = counts->shards[shard];
  mine.picks.fetch_add(1, std::memory_order_relaxed);
  if (filled) mine.filled.fetch_add(1, std::memory_order_relaxed);
  (filled ? counts->filledMetric : counts->emptyMetric)->add();
  const auto now = Clock::now().time_since_epoch().count();
  auto due = nextFlush_.load(std::memory_order_relaxed);
  if (now >= due &&
      nextFlush_.compare_exchange_strong(
          due, now + std::chrono::duration_cast<Clock::duration>(kFlushEvery).count())) {
    try {
      flushPicks();
    } catch (const std::exception&) {  // the counts stay for the next flush
    }
  }
}

void AdStats::flushPicks() const {
  const std::lock_guard flushing(flushMutex_);
  std::shared_lock lock(slotsMutex_);
  for (const auto& [slot, counts] : slots_) {
    for (const auto member : {&SlotPicks::Shard::picks, &SlotPicks::Shard::filled}) {
      std::int64_t n = 0;
      for (auto& shard : counts->shards) n += (shard.*member).exchange(0);
      if (n == 0) continue;
      try {
        store_.increment(
            "ads:fill:" + slot + (member == &SlotPicks::Shard::picks ? ":picks" : ":filled"), n,
            kKeep);
      } catch (...) {
        (counts->shards[0].*member).fetch_add(n);
        throw;
      }
    }
  }
}

std::int64_t AdStats::events(const std::string& campaign, const std::string& creative,
                             AdEvent event) const {
  return read(eventKey(campaign, creative, event));
}

std::int64_t AdStats::picks(const std::string& slot) const {
  flushPicks();
  return read("ads:fill:" + slot + ":picks");
}

std::int64_t AdStats::filled(const std::string& slot) const {
  flushPicks();
  return read("ads:fill:" + slot + ":filled");
}

std::vector<std::string> AdStats::slotsPicked() const {
  std::shared_lock lock(slotsMutex_);
  std::vector<std::string> names;
  names.reserve(slots_.size());
  for (const auto& [slot, counts] : slots_) names.push_back(slot);
  return names;
}

std::int64_t AdStats::read(const std::string& key) const {
  const auto value = store_.get(key);
  return value ? std::stoll(*value) : 0;
}

}  // namespace interlude::scripting
