#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "interlude/core/HttpGet.h"
#include "interlude/core/Metrics.h"
#include "interlude/scripting/AdServing.h"

namespace interlude::scripting {

// Fires third-party tracking URLs (HTTP(S) GET) off the request path: one thread,
// a bounded queue (a hit beyond it is dropped and logged), connect and read
// timeouts, bounded retries with exponential backoff for failures (no answer,
// or a status of 400 and up). Only http and https URLs are fired; others count
// as failed, unretried. Pending hits are dropped when it stops.
class TrackingDispatcher {
 public:
  using Clock = std::chrono::steady_clock;

  TrackingDispatcher(TrackingSettings settings, core::MetricsRegistry& metrics, Poco::Logger& log);
  ~TrackingDispatcher();
  TrackingDispatcher(const TrackingDispatcher&) = delete;
  TrackingDispatcher& operator=(const TrackingDispatcher&) = delete;

  // Queues a hit, https checked against `trust` (null: the system's CA store);
  // false (logged) when the queue is full.
  bool fire(std::string url, std::shared_ptr<const core::HttpsTrust> trust = nullptr);

 private:
  struct Hit {
    std::string url;
    std::shared_ptr<const core::HttpsTrust> trust;
    int attempt = 0;
  };
  enum class Outcome { Sent, Failed, Unsupported };

  void run();
  Outcome send(const Hit& hit) const;  // Sent when answered below 400
  void retryLater(Hit hit);

  const TrackingSettings settings_;
  Poco::Logger& log_;
  core::Counter& sent_;
  core::Counter& failed_;
  core::Counter& dropped_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Hit> queue_;
  std::multimap<Clock::time_point, Hit> retries_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace interlude::scripting
