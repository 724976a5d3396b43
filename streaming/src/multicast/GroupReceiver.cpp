#include "multicast/GroupReceiver.h"

#include <Poco/Logger.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace interlude::streaming::multicast {
namespace {

using Clock = std::chrono::steady_clock;

constexpr unsigned kDatagramsPerRead = 16;
constexpr std::size_t kMaxDatagram = 65536;

}  // namespace

GroupReceiver::GroupReceiver(std::string point, GroupSocket socket, ReceiverCounters counters,
                             std::function<void(Chunk)> publish)
    : point_(std::move(point)),
      socket_(std::move(socket)),
      counters_(counters),
      publish_(std::move(publish)),
      stop_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      buffers_(kDatagramsPerRead * kMaxDatagram) {
  if (!stop_) throw std::system_error(errno, std::generic_category(), "receiver");
  thread_ = std::thread([this] { run(); });
}

GroupReceiver::~GroupReceiver() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(stop_.get(), &one, sizeof one);
  thread_.join();
}

std::optional<Clock::duration> GroupReceiver::sinceLastDatagram() const {
  const auto last = lastDatagramNanos_.load(std::memory_order_relaxed);
  if (last == 0) return std::nullopt;
  return Clock::now().time_since_epoch() - std::chrono::nanoseconds(last);
}

void GroupReceiver::run() {
  std::array<pollfd, 2> fds{pollfd{socket_.fd(), POLLIN, 0}, pollfd{stop_.get(), POLLIN, 0}};
  StreamChunk pending;
  Clock::time_point due{};  // when the pending chunk goes, full or not
  for (;;) {
    int timeout = -1;
    if (!pending.bytes.empty()) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(due - Clock::now());
      timeout = static_cast<int>(std::max<std::int64_t>(left.count(), 0));
    }
    const int ready = ::poll(fds.data(), fds.size(), timeout);
    if (ready < 0 && errno != EINTR) {
      Poco::Logger::get("interlude.streaming")
          .error(point_ + ": poll: " + std::system_category().message(errno));
      return;
    }
    if (fds[1].revents != 0) return;
    const bool wasEmpty = pending.bytes.empty();
    if (fds[0].revents & POLLIN) drain(pending);
    if (wasEmpty && !pending.bytes.empty()) due = Clock::now() + kChunkDelay;
    if (pending.bytes.size() >= kChunkBytes || (!pending.bytes.empty() && Clock::now() >= due)) {
      publish_(std::make_shared<const StreamChunk>(std::move(pending)));
      pending = StreamChunk();
      pending.bytes.reserve(kChunkBytes + kMaxDatagram);
    }
  }
}

void GroupReceiver::drain(StreamChunk& pending) {
  std::array<iovec, kDatagramsPerRead> vectors{};
  std::array<mmsghdr, kDatagramsPerRead> messages{};
  for (;;) {
    for (unsigned i = 0; i < kDatagramsPerRead; ++i) {
      vectors[i] = {buffers_.data() + i * kMaxDatagram, kMaxDatagram};
      messages[i] = {};
      messages[i].msg_hdr.msg_iov = &vectors[i];
      messages[i].msg_hdr.msg_iovlen = 1;
    }
    const int n =
        ::recvmmsg(socket_.fd(), messages.data(), kDatagramsPerRead, MSG_DONTWAIT, nullptr);
    if (n <= 0) return;  // EAGAIN: all read
    for (int i = 0; i < n; ++i) {
      const std::span<const std::uint8_t> datagram(buffers_.data() + i * kMaxDatagram,
                                                   messages[i].msg_len);
      const auto payload = tsPayloadOf(datagram);
      if (!payload) {
        counters_.badDatagrams.add();
        if (!warnedBadDatagram_) {
          warnedBadDatagram_ = true;  // once per start: a wrong sender would flood the log
          Poco::Logger::get("interlude.streaming")
              .warning(point_ + ": dropped a datagram of " + std::to_string(datagram.size()) +
                       " bytes that is neither MPEG-TS nor RTP (more are counted, not logged)");
        }
        continue;
      }
      if (payload->rtpSequence)
        counters_.packetsLost.add(sequence_.missingBefore(*payload->rtpSequence));
      counters_.datagrams.add();
      counters_.bytesIn.add(payload->bytes.size());
      if (!pending.randomAccess) {
        if (const auto at = videoRandomAccessIn(payload->bytes)) {
          pending.randomAccess = pending.bytes.size() + *at;
        }
      }
      pending.bytes.append(reinterpret_cast<const char*>(payload->bytes.data()),
                           payload->bytes.size());
    }
    lastDatagramNanos_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    // A full chunk goes before more is read: a fast sender cannot grow it unbounded.
    if (static_cast<unsigned>(n) < kDatagramsPerRead || pending.bytes.size() >= kChunkBytes) {
      return;
    }
  }
}

}  // namespace interlude::streaming::multicast
