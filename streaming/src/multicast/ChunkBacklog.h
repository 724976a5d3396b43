#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <deque>

#include "multicast/StreamChunk.h"

namespace interlude::streaming::multicast {

// The bytes of the stream someone has not taken yet — a client, or the fan-out
// thread itself: chunks shared with the others, and how far into the first one
// the taker is. Bounded: a chunk that would take it past the limit is refused,
// and the taker is too slow for the stream.
class ChunkBacklog {
 public:
  explicit ChunkBacklog(std::size_t limitBytes) : limit_(limitBytes) {}

  // Queues `chunk`; false (and nothing queued) when the backlog would pass its limit.
  bool push(Chunk chunk);
  // Points up to `max` iovecs at the pending bytes, in order; returns how many.
  int pending(iovec* vectors, int max) const;
  // Forgets the first `count` pending bytes (a write took them).
  void consume(std::size_t count);
  // Hands over every pending chunk whole (none may be partly consumed) and empties the backlog.
  std::deque<Chunk> takeAll();
  std::size_t bytes() const { return bytes_; }
  bool empty() const { return bytes_ == 0; }

 private:
  std::size_t limit_;
  std::deque<Chunk> chunks_;
  std::size_t offset_ = 0;  // into chunks_.front()
  std::size_t bytes_ = 0;   // pending, offset_ excluded
};

}  // namespace interlude::streaming::multicast
