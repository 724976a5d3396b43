#pragma once

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "interlude/core/FileDescriptor.h"
#include "interlude/core/Metrics.h"
#include "multicast/ChunkBacklog.h"

namespace interlude::streaming::multicast {

// The metrics of one relay's clients.
struct FanOutCounters {
  core::Counter& served;
  core::Counter& dropped;
  core::Counter& bytesOut;
  core::Gauge& clients;
  core::Counter& overrunBytes;  // never queued: the fan-out thread was too far behind
};

// Writes the stream to its clients from one epoll thread. Each client gets
// the stream from the next video key frame on (or, when the stream shows none,
// from the next chunk), through its own bounded backlog: a
// socket that takes bytes slower than the stream comes fills its backlog and
// is closed (counted, one log line), while the others go on unaffected.
// Sockets are edge-triggered for writability, registered once: a write costs
// one system call. The thread's own queue of chunks is bounded the same way:
// when the thread cannot keep up with the stream (too many clients for one
// core), chunks past the bound are left out for everybody (counted, logged
// once per episode) rather than piling up in memory. Destroying the fan-out
// closes every client.
class FanOut {
 public:
  FanOut(std::string point, std::size_t backlogBytes, FanOutCounters counters);
  ~FanOut();
  FanOut(const FanOut&) = delete;
  FanOut& operator=(const FanOut&) = delete;

  // Takes a socket whose response headers were sent. Any thread.
  void add(Poco::Net::StreamSocket socket);
  // Queues `chunk` for every client. Any thread; the receive thread calls it.
  void publish(Chunk chunk);
  std::size_t clients() const { return clientCount_.load(std::memory_order_relaxed); }

 private:
  using Clock = std::chrono::steady_clock;

  struct Client {
    Poco::Net::StreamSocket socket;
    ChunkBacklog backlog;
    std::string peer;
    std::optional<Clock::time_point> waitingSince;  // for a key frame, since
  };

  void run();
  void takeIncoming();
  // Queues `chunk` for `client`, or the part from its key frame for one that
  // waits for it; false when the client is too far behind.
  bool queue(Client& client, const Chunk& chunk, Clock::time_point now);
  void onEvent(int fd, std::uint32_t events);
  // Writes what the kernel takes; false when the client is gone.
  bool flush(Client& client);
  void remove(int fd);
  void wakeUp();

  std::string point_;
  std::size_t backlogBytes_;
  FanOutCounters counters_;
  core::FileDescriptor epoll_;
  core::FileDescriptor wake_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> clientCount_{0};
  std::unordered_map<int, Client> clients_;            // the loop's thread only
  std::optional<Clock::time_point> lastRandomAccess_;  // the loop's thread only
  std::mutex incomingMutex_;
  std::vector<Poco::Net::StreamSocket> incomingSockets_;
  ChunkBacklog incomingChunks_;
  bool overrunning_ = false;  // under incomingMutex_: logged once per episode
  std::thread thread_;
};

}  // namespace interlude::streaming::multicast
