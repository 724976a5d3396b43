#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "interlude/core/Metrics.h"
#include "multicast/FanOut.h"
#include "multicast/GroupReceiver.h"
#include "multicast/MulticastSettings.h"

namespace interlude::streaming::multicast {

// What GET /api/points/<name> shows of a multicast point.
struct MulticastStats {
  bool running = false;
  std::uint64_t clients = 0;         // being served now
  std::uint64_t clientsServed = 0;   // since the server started, as the others
  std::uint64_t clientsDropped = 0;  // too slow: their backlog was full
  std::uint64_t datagrams = 0;
  std::uint64_t bytesIn = 0;             // payload bytes received (RTP headers stripped)
  std::uint64_t bytesOut = 0;            // body bytes the kernel took, all clients
  std::uint64_t bytesOverrun = 0;        // received but sent to nobody: the fan-out fell behind
  std::uint64_t packetsLost = 0;         // RTP sequence gaps
  double secondsSinceLastDatagram = -1;  // -1: none yet; upstream health
};

// One multicast group relayed as one HTTP stream (video/mp2t, no length,
// Connection: close) to any number of clients. The group is joined once, by
// start(), and left by stop(): joined for as long as the point is Started,
// whether or not anyone listens, so the first viewer gets bytes at once and the
// network sees no join/leave churn. One thread receives; one epoll thread
// writes to the clients, whose sockets leave the HTTP worker at once. A client
// that falls clientBacklogBytes behind is dropped; it never slows the others.
class MulticastRelay {
 public:
  // `point` names the relay in logs and in the metrics' point label.
  MulticastRelay(std::string point, MulticastSettings settings, core::MetricsRegistry& metrics);
  ~MulticastRelay();  // stop()
  MulticastRelay(const MulticastRelay&) = delete;
  MulticastRelay& operator=(const MulticastRelay&) = delete;

  // Opens the socket and joins the group; throws Poco::Exception (with the
  // reason: bad interface, address in use...) and stays stopped on failure.
  void start();
  // Leaves the group and closes every client. Idempotent.
  void stop();
  bool running() const;

  // Answers a GET or HEAD: 503 when stopped or full, else the headers, and for
  // a GET the socket goes to the fan-out thread; returns at once.
  void serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

  // The SDP of the point (RFC 8866); `origin` is this server's address for o=.
  std::string sdp(const std::string& origin) const;

  MulticastStats stats() const;
  const MulticastSettings& settings() const { return settings_; }

 private:
  class Running;
  std::string point_;
  MulticastSettings settings_;
  FanOutCounters clientCounters_;
  ReceiverCounters sourceCounters_;
  std::uint64_t sessionId_;           // the SDP o= line's: when the relay was made
  std::uint64_t sessionVersion_ = 0;  // bumps on each start()
  std::shared_ptr<Running> running_;  // null when stopped
  mutable std::mutex mutex_;
};

}  // namespace interlude::streaming::multicast
