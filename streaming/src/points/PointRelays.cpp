#include "points/PointRelays.h"

namespace interlude::streaming::points {
namespace {

bool sameSource(const multicast::MulticastSettings& a, const multicast::MulticastSettings& b) {
  return a.group == b.group && a.interface == b.interface && a.transport == b.transport &&
         a.ttl == b.ttl && a.clientBacklogBytes == b.clientBacklogBytes &&
         a.maxClients == b.maxClients;
}

}  // namespace

std::shared_ptr<multicast::MulticastRelay> PointRelays::of(
    const std::string& point, const multicast::MulticastSettings& settings,
    core::MetricsRegistry& metrics) {
  std::lock_guard lock(mutex_);
  auto& relay = byPoint_[point];
  if (relay && sameSource(relay->settings(), settings)) return relay;
  relay = std::make_shared<multicast::MulticastRelay>(point, settings, metrics);
  return relay;
}

}  // namespace interlude::streaming::points
