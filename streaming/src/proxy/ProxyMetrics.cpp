#include "proxy/ProxyMetrics.h"

namespace interlude::streaming::proxy {

ProxyMetrics::ProxyMetrics(core::MetricsRegistry& metrics, const std::string& point)
    : requests(metrics.counter("interlude_proxy_requests_total", "Requests a point proxied",
                               "point=\"" + point + "\"")),
      errors(metrics.counter("interlude_proxy_errors_total",
                             "Proxied requests answered 502/504 by the proxy itself",
                             "point=\"" + point + "\"")),
      bytesIn(metrics.counter("interlude_proxy_bytes_in_total", "Body bytes read from upstreams",
                              "point=\"" + point + "\"")),
      bytesOut(metrics.counter("interlude_proxy_bytes_out_total",
                               "Body bytes of proxied responses sent to clients",
                               "point=\"" + point + "\"")) {}

}  // namespace interlude::streaming::proxy
