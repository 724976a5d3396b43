#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "multicast/MulticastRelay.h"

namespace interlude::streaming::points {

// The multicast points' relays by point name, kept across configuration
// reloads so the clients of a point keep their stream. A reload that changes a
// point's source (group, interface, transport...) gets a new relay; the old one
// stops (leaves its group, closes its clients) when the configuration that
// used it goes away, so a refused reload leaves the running one alone.
class PointRelays {
 public:
  static constexpr const char* kServiceName = "streaming.relays";

  std::shared_ptr<multicast::MulticastRelay> of(const std::string& point,
                                                const multicast::MulticastSettings& settings,
                                                core::MetricsRegistry& metrics);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<multicast::MulticastRelay>> byPoint_;
};

}  // namespace interlude::streaming::points
