#include "points/Point.h"

namespace interlude::streaming::points {

Point::Point(PointSettings settings, std::shared_ptr<PointControl> control,
             std::unique_ptr<PointService> service, core::MetricsRegistry& metrics)
    : settings_(std::move(settings)),
      control_(std::move(control)),
      service_(std::move(service)),
      counters_(settings_.name, metrics) {}

PointState Point::start() const {
  return control_->start([this] { service_->begin(); });
}

PointState Point::stop() const {
  return control_->stop([this] { service_->end(); });
}

void Point::resume() const {
  if (state() == PointState::Started) service_->begin();
}

Poco::JSON::Object Point::json() const {
  Poco::JSON::Object out;
  out.set("name", settings_.name);
  out.set("kind", kindName(settings_.kind));
  out.set("prefix", settings_.prefix);
  out.set("state", stateName(state()));
  out.set("rollover", settings_.rollover);
  out.set("clients", counters_.clients.value());
  out.set("requests", counters_.requests.value());
  out.set("bytesOut", counters_.bytesOut.value());
  out.set("unavailable", counters_.unavailable.value());
  out.set("rollovers", counters_.rollovers.value());
  out.set("denied", counters_.denied.value());
  service_->describe(out);
  return out;
}

}  // namespace interlude::streaming::points
