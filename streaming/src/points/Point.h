#pragma once

#include <memory>

#include "points/PointControl.h"
#include "points/PointCounters.h"
#include "points/PointService.h"
#include "points/PointSettings.h"

namespace interlude::streaming::points {

// A publishing point of one configuration: its settings, its lasting state,
// its counters and the service of its kind.
class Point {
 public:
  Point(PointSettings settings, std::shared_ptr<PointControl> control,
        std::unique_ptr<PointService> service, core::MetricsRegistry& metrics);

  const PointSettings& settings() const { return settings_; }
  PointState state() const { return control_->state(); }
  PointCounters& counters() const { return counters_; }
  const PointService& service() const { return *service_; }

  // The admin API's start and stop: the state afterwards. start() throws
  // std::runtime_error with the reason when the service cannot begin (the
  // point stays stopped).
  PointState start() const;
  PointState stop() const;
  // Brings the service up when the lasting state says Started (after a reload
  // built a new service, or at startup).
  void resume() const;

  Poco::JSON::Object json() const;

 private:
  PointSettings settings_;
  std::shared_ptr<PointControl> control_;
  std::unique_ptr<PointService> service_;
  mutable PointCounters counters_;
};

}  // namespace interlude::streaming::points
