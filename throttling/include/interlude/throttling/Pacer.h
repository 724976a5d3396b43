#pragma once

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "interlude/core/BodyPacer.h"
#include "interlude/core/Metrics.h"

namespace interlude::throttling {

// A budget several downloads share: a site's cap on its throttled bandwidth.
class SharedBudget {
 public:
  explicit SharedBudget(std::uint64_t bytesPerSecond);
  // Up to `wanted` bytes granted now (0 when the budget is spent for now).
  std::uint64_t take(std::uint64_t wanted, std::chrono::steady_clock::time_point now);

 private:
  std::mutex mutex_;
  std::uint64_t rate_;
  double tokens_;
  std::chrono::steady_clock::time_point last_;
};

// A body handed to the pacer once its headers went.
struct PacedBody {
  Poco::Net::StreamSocket socket;
  std::shared_ptr<const core::OpenFile> file;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  core::Pace pace;
  std::string path;
  std::string client;
  core::BodyProgress sent;                // may be empty
  std::shared_ptr<SharedBudget> siteCap;  // may be null
};

// A paced download as GET /api/throttle lists it.
struct PacedDownloadView {
  std::string client;
  std::string path;
  std::uint64_t encodedBitrate = 0;
  std::uint64_t bytesPerSecond = 0;
  std::uint64_t bytesSent = 0;
  std::uint64_t length = 0;
  double elapsedSeconds = 0;
};

// Carries paced downloads on a few epoll threads (one by default), each with a
// timer wheel and a token bucket per connection, sending file bytes with
// sendfile(2) in chunks sized to the rate. Thousands of slow downloads cost no
// worker threads. A client that leaves frees its socket and file at once.
// Destroying the pacer closes every download it still carries.
class Pacer {
 public:
  Pacer(int threads, core::MetricsRegistry& metrics);
  ~Pacer();
  Pacer(const Pacer&) = delete;
  Pacer& operator=(const Pacer&) = delete;

  void start(PacedBody body);
  std::vector<PacedDownloadView> downloads() const;

  struct Counters {
    core::Counter& started;
    core::Counter& completed;
    core::Counter& aborted;
    core::Counter& bytesSent;
    core::Counter& bytesSaved;
    core::Gauge& active;
  };
  // Totals since the server started (the counters outlive reloads).
  const Counters& counters() const { return counters_; }

 private:
  class Loop;
  Counters counters_;
  std::vector<std::unique_ptr<Loop>> loops_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace interlude::throttling
