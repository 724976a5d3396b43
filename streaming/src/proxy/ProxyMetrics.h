#pragma once

#include <string>

#include "interlude/core/Metrics.h"

namespace interlude::streaming::proxy {

// The /metrics figures of one point's proxy (label point="NAME"); registered
// by name, so a reloaded configuration keeps counting where the last one was.
// Requests in progress are the points module's "clients" gauge.
struct ProxyMetrics {
  ProxyMetrics(core::MetricsRegistry& metrics, const std::string& point);

  core::Counter& requests;
  core::Counter& errors;
  core::Counter& bytesIn;
  core::Counter& bytesOut;
};

}  // namespace interlude::streaming::proxy
