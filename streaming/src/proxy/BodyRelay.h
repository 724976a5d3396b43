#pragma once

#include <cstdint>

namespace interlude::streaming::proxy {

enum class RelayEnd {
  Complete,
  UpstreamFailed,  // closed early, timed out or reset
  ClientGone,      // closed, reset or its send timeout passed
};

struct RelayResult {
  RelayEnd end = RelayEnd::Complete;
  std::uint64_t read = 0;     // bytes taken from the upstream
  std::uint64_t written = 0;  // bytes the client's socket took
};

// Moves `length` bytes from socket `from` to socket `to` through a pipe
// (splice(2)): the body never enters user space. The pipe is bounded (1 MiB),
// so a slow client stops the reads and a slow upstream the writes; each side's
// socket timeouts bound the waits.
RelayResult relayBody(int from, int to, std::uint64_t length);

}  // namespace interlude::streaming::proxy
