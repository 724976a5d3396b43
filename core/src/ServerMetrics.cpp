#include "interlude/core/ServerMetrics.h"

#include <string>

namespace interlude::core {
namespace {
Counter& requests(MetricsRegistry& registry, int statusClass) {
  return registry.counter("interlude_requests_total", "Requests answered, by status class",
                          "class=\"" + std::to_string(statusClass) + "xx\"");
}
}  // namespace

ServerMetrics::ServerMetrics(MetricsRegistry& registry)
    : requestsByClass{&requests(registry, 1), &requests(registry, 2), &requests(registry, 3),
                      &requests(registry, 4), &requests(registry, 5)},
      responseBytes(registry.counter("interlude_response_bytes_total", "Response body bytes sent")),
      inFlight(registry.gauge("interlude_requests_in_flight", "Requests being handled now")),
      rejected(registry.counter("interlude_requests_rejected_total",
                                "Requests refused by request filtering")),
      latency(registry.histogram("interlude_request_duration_seconds",
                                 "Time from request parsed to response handled",
                                 {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                  1, 2.5, 5, 10, 30, 60})) {}

void ServerMetrics::recordResponse(int status, std::uint64_t bytes, double seconds) {
  const int statusClass = status / 100;
  if (statusClass >= 1 && statusClass <= 5) requestsByClass[statusClass - 1]->add();
  responseBytes.add(bytes);
  latency.observe(seconds);
}

}  // namespace interlude::core
