#include "points/PointCounters.h"

namespace interlude::streaming::points {

PointCounters::PointCounters(const std::string& point, core::MetricsRegistry& metrics)
    : PointCounters(metrics, "point=\"" + point + "\"") {}

PointCounters::PointCounters(core::MetricsRegistry& metrics, const std::string& labels)
    : requests(metrics.counter("interlude_point_requests_total", "Requests to a publishing point",
                               labels)),
      clients(metrics.gauge("interlude_point_clients", "Requests a publishing point answers now",
                            labels)),
      bytesOut(metrics.counter("interlude_point_bytes_out_total",
                               "Body bytes a publishing point sent through the workers", labels)),
      unavailable(metrics.counter("interlude_point_unavailable_total",
                                  "503 answers of a point that is not started", labels)),
      rollovers(metrics.counter("interlude_point_rollovers_total",
                                "Requests of a point that is not started sent to its rollover",
                                labels)),
      denied(metrics.counter("interlude_point_denied_total",
                             "Requests of a point refused for a denied extension", labels)) {}

}  // namespace interlude::streaming::points
