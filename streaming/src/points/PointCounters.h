#pragma once

#include <string>

#include "interlude/core/Metrics.h"

namespace interlude::streaming::points {

// One point's counters in /metrics (label point="NAME"); the registry keeps
// them across reloads.
struct PointCounters {
  PointCounters(const std::string& point, core::MetricsRegistry& metrics);

  core::Counter& requests;     // every request to the point's prefix
  core::Gauge& clients;        // requests being answered now (a multicast stream: its relay counts)
  core::Counter& bytesOut;     // body bytes answered through the worker
  core::Counter& unavailable;  // 503: not started and no rollover
  core::Counter& rollovers;    // sent to the rollover point or URL
  core::Counter& denied;       // 403: a denied extension

 private:
  PointCounters(core::MetricsRegistry& metrics, const std::string& labels);
};

}  // namespace interlude::streaming::points
