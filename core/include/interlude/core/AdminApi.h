#pragma once

#include <string>

#include "interlude/core/Metrics.h"

namespace interlude::core {

// What the admin listener's built-in routes ask of the server.
class AdminApi {
 public:
  struct ReloadResult {
    bool ok = false;
    std::string report;  // file:line:col lines when refused, a summary when applied
  };

  virtual ~AdminApi() = default;
  virtual std::string statusJson() const = 0;
  virtual ReloadResult reload() = 0;
  virtual const MetricsRegistry& metrics() const = 0;
  // Empty while the server is fully able to serve; otherwise why not (e.g. the
  // session store is unreachable), for /healthz.
  virtual std::string degradation() = 0;
};

}  // namespace interlude::core
