#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

namespace interlude::streaming::multicast {

// A run of the stream, shared by every client it is queued for.
using Chunk = std::shared_ptr<const std::string>;

// The bytes of the stream one client has not taken yet: chunks shared with the
// other clients, and how far into the first one the client is. Bounded: a
// chunk that would take it past the limit is refused, and the client is too
// slow for the stream.
class ClientBacklog {
 public:
  explicit ClientBacklog(std::size_t limitBytes) : limit_(limitBytes) {}

  // Queues `chunk`; false (and nothing queued) when the backlog would pass its limit.
  bool push(Chunk chunk);
  // Points up to `max` iovecs at the pending bytes, in order; returns how many.
  int pending(iovec* vectors, int max) const;
  // Forgets the first `count` pending bytes (a write took them).
  void consume(std::size_t count);
  std::size_t bytes() const { return bytes_; }
  bool empty() const { return bytes_ == 0; }

 private:
  std::size_t limit_;
  std::deque<Chunk> chunks_;
  std::size_t offset_ = 0;  // into chunks_.front()
  std::size_t bytes_ = 0;   // pending, offset_ excluded
};

}  // namespace interlude::streaming::multicast
