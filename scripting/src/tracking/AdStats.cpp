#include "interlude/scripting/AdStats.h"

#include <chrono>

namespace interlude::scripting {
namespace {

constexpr std::chrono::seconds kKeep = std::chrono::hours(24 * 400);

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
               "campaign=\"" + campaign + "\",creative=\"" + creative + "\",event=\"" +
                   std::string(adEventName(event)) + "\"")
      .add();
}

void AdStats::recordPick(const std::string& slot, bool filled) const {
  store_.increment("ads:fill:" + slot + ":picks", 1, kKeep);
  if (filled) store_.increment("ads:fill:" + slot + ":filled", 1, kKeep);
  metrics_
      .counter("interlude_ad_picks_total", "Ad requests of a slot, by whether an ad was given",
               "slot=\"" + slot + "\",result=\"" + (filled ? "filled" : "empty") + "\"")
      .add();
}

std::int64_t AdStats::events(const std::string& campaign, const std::string& creative,
                             AdEvent event) const {
  return read(eventKey(campaign, creative, event));
}

std::int64_t AdStats::picks(const std::string& slot) const {
  return read("ads:fill:" + slot + ":picks");
}

std::int64_t AdStats::filled(const std::string& slot) const {
  return read("ads:fill:" + slot + ":filled");
}

std::int64_t AdStats::read(const std::string& key) const {
  const auto value = store_.get(key);
  return value ? std::stoll(*value) : 0;
}

}  // namespace interlude::scripting
