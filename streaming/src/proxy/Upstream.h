#pragma once

#include <Poco/Logger.h>
#include <Poco/URI.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "interlude/core/Metrics.h"
#include "proxy/Proxy.h"
#include "proxy/UpstreamConnection.h"
#include "proxy/UpstreamSettings.h"

namespace interlude::streaming::proxy {

// One upstream base URL of a point: its keep-alive pool and its passive
// health. After `failuresBeforeDown` consecutive failures it is down; once
// `probeInterval` has passed, one request at a time may try it again, and a
// success brings it back up.
class Upstream {
 public:
  using Clock = std::chrono::steady_clock;

  Upstream(Poco::URI base, const UpstreamSettings& settings, const std::string& point,
           core::MetricsRegistry& metrics, Poco::Logger& logger);

  const std::string& url() const { return url_; }
  // "/base/path" + target (target starts with '/').
  std::string requestTarget(const std::string& target) const;
  // The absolute URL of a target: "http://host:port/base/path" + target.
  std::string urlOf(const std::string& target) const;

  // Whether a request may go here now; a down upstream whose probe is due
  // answers true once per interval.
  bool admits(Clock::time_point now);
  bool up() const { return consecutiveFailures_.load() < failuresBeforeDown_; }
  void succeeded();
  void failed(const std::string& reason);

  // A pooled connection (checked for staleness) or a new one, not yet connected.
  std::unique_ptr<UpstreamConnection> take();
  // Back to the pool after a complete exchange on a keep-alive connection.
  void give(std::unique_ptr<UpstreamConnection> connection);

  UpstreamHealth health() const;

 private:
  std::unique_ptr<UpstreamConnection> connect() const;

  const Poco::URI base_;
  const std::string url_;
  const std::string origin_;    // "http://host:port"
  const std::string basePath_;  // without its trailing '/'
  const Poco::Timespan connectTimeout_;
  const Poco::Timespan readTimeout_;
  const unsigned failuresBeforeDown_;
  const Clock::duration probeInterval_;
  const std::size_t maxIdle_;
  Poco::Logger& logger_;

  std::atomic<unsigned> consecutiveFailures_{0};
  std::atomic<Clock::rep> nextProbe_{0};
  core::Counter& requests_;
  core::Counter& failures_;
  core::Gauge& upGauge_;

  std::mutex mutex_;
  std::vector<std::unique_ptr<UpstreamConnection>> idle_;
};

}  // namespace interlude::streaming::proxy
