#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "interlude/core/Handler.h"
#include "interlude/core/Metrics.h"
#include "proxy/UpstreamSettings.h"

namespace interlude::streaming::proxy {

// One request to forward, as the point's handler sees it.
struct ProxyCall {
  core::RequestContext& context;  // bodyBytesSent is reported here
  // Path and query below the point's prefix, as the client sent them (still
  // percent-encoded), starting with '/': appended to each upstream's base path.
  std::string upstreamTarget;
  std::string publicPrefix;  // the point's prefix as clients address it, e.g. "/live/"
};

// Health of one upstream, for the admin API.
struct UpstreamHealth {
  std::string url;
  bool up = true;
  unsigned consecutiveFailures = 0;
  std::uint64_t requests = 0;
  std::uint64_t failures = 0;
};

// Counters of one point's proxy, for the admin API (the same values go to /metrics).
struct ProxyStats {
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;    // answered 502/504 by the proxy itself
  std::uint64_t bytesIn = 0;   // body bytes read from upstreams
  std::uint64_t bytesOut = 0;  // body bytes written to clients
  std::uint64_t cacheHits = 0;
  std::uint64_t cacheMisses = 0;
  std::vector<UpstreamHealth> upstreams;
};

// Forwards requests of one `origin` point to its upstreams: keep-alive pool per
// upstream, retry on the next one before any byte reached the client, passive
// health, hop-by-hop headers removed, bodies streamed, manifests filtered,
// cacheable responses through the edge cache. Thread-safe; built once per
// point and configuration.
class Proxy {
 public:
  Proxy(std::string pointName, UpstreamSettings settings, core::MetricsRegistry& metrics,
        Poco::Logger& logger);
  ~Proxy();
  Proxy(const Proxy&) = delete;
  Proxy& operator=(const Proxy&) = delete;

  // Answers the request (GET or HEAD) from the upstreams. Upstream failures
  // become 502/504 with a reason and one log line; never throws for them.
  void forward(const ProxyCall& call, Poco::Net::HTTPServerRequest& request,
               Poco::Net::HTTPServerResponse& response) const;

  ProxyStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace interlude::streaming::proxy
