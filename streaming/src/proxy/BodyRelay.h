#pragma once

#include <cstdint>
#include <functional>

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
// socket timeouts bound the waits. `upstreamRead` runs once the last byte is
// taken from `from`, before the last ones go to `to`: the upstream connection
// is free again before the client can have the whole body.
RelayResult relayBody(int from, int to, std::uint64_t length,
                      const std::function<void()>& upstreamRead);

}  // namespace interlude::streaming::proxy
