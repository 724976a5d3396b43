#include "proxy/BodyRelay.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <system_error>

#include "interlude/core/FileDescriptor.h"

namespace interlude::streaming::proxy {
namespace {

constexpr int kPipeBytes = 1 << 20;

// One pipe per worker thread, made on first use; one left holding bytes (the
// client went away mid-body) is replaced rather than drained.
struct Pipe {
  core::FileDescriptor readEnd;
  core::FileDescriptor writeEnd;
  std::size_t capacity = 0;
};

std::optional<Pipe>& threadPipeSlot() {
  thread_local std::optional<Pipe> pipe;
  return pipe;
}

Pipe& threadPipe() {
  auto& pipe = threadPipeSlot();
  if (!pipe) {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) {
      throw std::system_error(errno, std::generic_category(), "pipe2");
    }
    pipe.emplace(Pipe{core::FileDescriptor(ends[0]), core::FileDescriptor(ends[1]), 0});
    const int size = ::fcntl(ends[1], F_SETPIPE_SZ, kPipeBytes);
    pipe->capacity = static_cast<std::size_t>(size > 0 ? size : ::fcntl(ends[1], F_GETPIPE_SZ));
  }
  return *pipe;
}

}  // namespace

RelayResult relayBody(int from, int to, std::uint64_t length,
                      const std::function<void()>& upstreamRead) {
  RelayResult result;
  Pipe& pipe = threadPipe();
  while (result.read < length) {
    const auto want = std::min<std::uint64_t>(length - result.read, pipe.capacity);
    const auto in =
        ::splice(from, nullptr, pipe.writeEnd.get(), nullptr, want, SPLICE_F_MOVE | SPLICE_F_MORE);
    if (in < 0 && errno == EINTR) continue;
    if (in <= 0) {
      result.end = RelayEnd::UpstreamFailed;
      return result;
    }
    result.read += static_cast<std::uint64_t>(in);
    if (result.read == length) upstreamRead();
    auto pending = static_cast<std::size_t>(in);
    while (pending > 0) {
      const auto out = ::splice(pipe.readEnd.get(), nullptr, to, nullptr, pending,
                                SPLICE_F_MOVE | SPLICE_F_MORE);
      if (out < 0 && errno == EINTR) continue;
      if (out <= 0) {
        result.end = RelayEnd::ClientGone;
        threadPipeSlot().reset();  // bytes left in it belong to no one now
        return result;
      }
      pending -= static_cast<std::size_t>(out);
      result.written += static_cast<std::uint64_t>(out);
    }
  }
  return result;
}

}  // namespace interlude::streaming::proxy
