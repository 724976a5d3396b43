#include "proxy/Upstream.h"

namespace interlude::streaming::proxy {
namespace {

Poco::Timespan timespanOf(std::chrono::milliseconds value) {
  return Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(value).count());
}

std::string withoutTrailingSlash(std::string path) {
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

std::string labelsOf(const std::string& point, const std::string& url) {
  return "point=\"" + point + "\",upstream=\"" + url + "\"";
}

}  // namespace

Upstream::Upstream(Poco::URI base, const UpstreamSettings& settings, const std::string& point,
                   core::MetricsRegistry& metrics, Poco::Logger& logger)
    : base_(std::move(base)),
      url_(base_.toString()),
      origin_(base_.getScheme() + "://" + base_.getAuthority()),
      basePath_(withoutTrailingSlash(base_.getPath())),
      connectTimeout_(timespanOf(settings.connectTimeout)),
      readTimeout_(timespanOf(settings.readTimeout)),
      failuresBeforeDown_(settings.failuresBeforeDown == 0 ? 1 : settings.failuresBeforeDown),
      probeInterval_(settings.probeInterval),
      maxIdle_(settings.idleConnectionsPerUpstream),
      logger_(logger),
      requests_(metrics.counter("interlude_proxy_upstream_requests_total",
                                "Requests sent to an upstream", labelsOf(point, url_))),
      failures_(metrics.counter("interlude_proxy_upstream_failures_total",
                                "Upstream exchanges that failed (connect, timeout, garbage, 5xx)",
                                labelsOf(point, url_))),
      upGauge_(metrics.gauge("interlude_proxy_upstream_up",
                             "1 while an upstream is taken as healthy", labelsOf(point, url_))) {
  upGauge_.add(1 - upGauge_.value());
}

std::string Upstream::requestTarget(const std::string& target) const { return basePath_ + target; }

std::string Upstream::urlOf(const std::string& target) const {
  return origin_ + basePath_ + target;
}

bool Upstream::admits(Clock::time_point now) {
  if (up()) return true;
  auto due = nextProbe_.load();
  const auto nowTicks = now.time_since_epoch().count();
  // One caller wins the probe; the others see the next due time.
  return nowTicks >= due &&
         nextProbe_.compare_exchange_strong(due, nowTicks + probeInterval_.count());
}

void Upstream::succeeded() {
  requests_.add();
  if (consecutiveFailures_.exchange(0) >= failuresBeforeDown_) {
    upGauge_.add(1);
    logger_.notice("upstream " + url_ + " is up again");
  }
}

void Upstream::failed(const std::string& reason) {
  requests_.add();
  failures_.add();
  const auto failures = consecutiveFailures_.fetch_add(1) + 1;
  if (failures == failuresBeforeDown_) {
    nextProbe_.store((Clock::now() + probeInterval_).time_since_epoch().count());
    upGauge_.add(-1);
    logger_.warning("upstream " + url_ + " marked down after " + std::to_string(failures) +
                    " failures in a row: " + reason);
  } else if (failures > failuresBeforeDown_) {
    nextProbe_.store((Clock::now() + probeInterval_).time_since_epoch().count());
  }
}

std::unique_ptr<UpstreamConnection> Upstream::take() {
  {
    const std::lock_guard lock(mutex_);
    while (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      if (!connection->idleButReadable()) {
        connection->reused = true;
        return connection;
      }
    }
  }
  return connect();
}

void Upstream::give(std::unique_ptr<UpstreamConnection> connection) {
  connection->reused = false;
  const std::lock_guard lock(mutex_);
  if (idle_.size() < maxIdle_) idle_.push_back(std::move(connection));
}

std::unique_ptr<UpstreamConnection> Upstream::connect() const {
  auto connection = std::make_unique<UpstreamConnection>(base_.getHost(), base_.getPort());
  connection->setKeepAlive(true);
  connection->setTimeout(connectTimeout_, readTimeout_, readTimeout_);
  return connection;
}

UpstreamHealth Upstream::health() const {
  return {url_, up(), consecutiveFailures_.load(), requests_.value(), failures_.value()};
}

}  // namespace interlude::streaming::proxy
