#include "points/Point.h"

#include <Poco/Exception.h>

#include <stdexcept>

namespace interlude::streaming::points {

Point::Point(PointSettings settings, std::shared_ptr<PointControl> control,
             std::unique_ptr<PointService> service, core::MetricsRegistry& metrics)
    : settings_(std::move(settings)),
      control_(std::move(control)),
      service_(std::move(service)),
      counters_(settings_.name, metrics) {}

namespace {

// Runs a service's begin(), with POCO's exceptions (a socket that cannot join,
// an unknown interface) turned into std::runtime_error carrying their text.
void begin(PointService& service) {
  try {
    service.begin();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error(e.displayText());
  }
}

}  // namespace

PointState Point::start() const {
  return control_->start([this] { begin(*service_); });
}

PointState Point::stop() const {
  return control_->stop([this] { service_->end(); });
}

void Point::resume() const {
  if (state() == PointState::Started) begin(*service_);
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
