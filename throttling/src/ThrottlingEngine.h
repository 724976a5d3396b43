#pragma once

#include "interlude/throttling/Pacer.h"
#include "interlude/throttling/SniffCache.h"

namespace interlude::throttling {

// What outlives configuration reloads: the pacer with the downloads it carries,
// and what was sniffed from the files.
struct ThrottlingEngine {
  ThrottlingEngine(int pacerThreads, core::MetricsRegistry& metrics)
      : pacer(pacerThreads, metrics) {}

  Pacer pacer;
  SniffCache sniffs;
  static constexpr const char* kServiceName = "throttling.engine";
};

}  // namespace interlude::throttling
