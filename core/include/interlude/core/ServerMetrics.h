#pragma once

#include <array>

#include "interlude/core/Metrics.h"

namespace interlude::core {

// The metrics core declares once for the public listeners.
struct ServerMetrics {
  explicit ServerMetrics(MetricsRegistry& registry);

  void recordResponse(int status, std::uint64_t bytes, double seconds);

  std::array<Counter*, 5> requestsByClass;  // 1xx..5xx
  Counter& responseBytes;
  Gauge& inFlight;
  Counter& rejected;
  Histogram& latency;
};

}  // namespace interlude::core
