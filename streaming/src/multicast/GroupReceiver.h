#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "interlude/core/FileDescriptor.h"
#include "interlude/core/Metrics.h"
#include "multicast/ChunkBacklog.h"
#include "multicast/Datagram.h"
#include "multicast/GroupSocket.h"

namespace interlude::streaming::multicast {

// The metrics of one relay's source.
struct ReceiverCounters {
  core::Counter& datagrams;
  core::Counter& bytesIn;
  core::Counter& packetsLost;
  core::Counter& badDatagrams;
};

// The thread that reads a group: the transport stream of each datagram (RTP
// headers stripped) is gathered into chunks that go to `publish` once they hold
// kChunkBytes or their first byte has waited kChunkDelay. A chunk per datagram
// would cost every client a write per datagram (1,000 a second at 10 Mbit/s);
// a chunk per 50 ms costs 20, and players buffer seconds anyway.
class GroupReceiver {
 public:
  static constexpr std::size_t kChunkBytes = 64 << 10;
  static constexpr std::chrono::milliseconds kChunkDelay{50};

  GroupReceiver(std::string point, GroupSocket socket, ReceiverCounters counters,
                std::function<void(Chunk)> publish);
  ~GroupReceiver();  // stops and joins the thread; the socket closes (leaves the group)
  GroupReceiver(const GroupReceiver&) = delete;
  GroupReceiver& operator=(const GroupReceiver&) = delete;

  // Time since the last datagram with a transport stream, if any came.
  std::optional<std::chrono::steady_clock::duration> sinceLastDatagram() const;

 private:
  void run();
  // Reads every datagram waiting into `pending`.
  void drain(StreamChunk& pending);

  std::string point_;
  GroupSocket socket_;
  ReceiverCounters counters_;
  std::function<void(Chunk)> publish_;
  core::FileDescriptor stop_;
  std::vector<std::uint8_t> buffers_;  // room for a batch of datagrams
  RtpSequence sequence_;
  bool warnedBadDatagram_ = false;
  std::atomic<std::int64_t> lastDatagramNanos_{0};  // steady clock; 0: none yet
  std::thread thread_;
};

}  // namespace interlude::streaming::multicast
