#include "interlude/throttling/Pacer.h"

#include <Poco/Logger.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <unordered_map>

#include "interlude/throttling/TimerWheel.h"
#include "interlude/throttling/TokenBucket.h"

namespace interlude::throttling {
namespace {

using Clock = std::chrono::steady_clock;

// The loop wakes once a tick that has timers due: at 10,000 downloads each
// sending once a second, 20 ms ticks cost a sixth less CPU than 5 ms ones, and
// 20 ms is 2% of a chunk's time.
constexpr auto kTick = std::chrono::milliseconds(20);
constexpr std::size_t kWheelSlots = 1024;
constexpr int kEventsPerWait = 256;
constexpr std::uint64_t kMinChunk = 4 << 10;
constexpr std::uint64_t kMaxChunk = 2 << 20;
constexpr std::uint64_t kWorthwhileSend = 16 << 10;

// Bytes a connection sends at a time once paced: half a second of its rate,
// raised towards a second (nginx's limit_rate sends a second at a time) to
// reach kWorthwhileSend. Each send is a system call, a TCP segment and a
// wake-up of the client, and below about 16 KiB that fixed cost is most of the
// pacer's CPU: at 10,000 downloads of 128 kbit/s audio, half-second sends of
// 8.8 KB cost 1.3x nginx's CPU, sends of 16 KiB 0.9x. Half a second keeps the
// rate even over a few seconds; a second is as even as nginx.
std::uint64_t chunkFor(std::uint64_t bytesPerSecond) {
  const auto chunk = std::min(bytesPerSecond, std::max(bytesPerSecond / 2, kWorthwhileSend));
  return std::clamp<std::uint64_t>(chunk, kMinChunk, kMaxChunk);
}

}  // namespace

SharedBudget::SharedBudget(std::uint64_t bytesPerSecond)
    : rate_(bytesPerSecond),
      tokens_(static_cast<double>(bytesPerSecond) / 10),
      last_(Clock::now()) {}

std::uint64_t SharedBudget::take(std::uint64_t wanted, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const double seconds = std::chrono::duration<double>(now - last_).count();
  // A tenth of a second of credit at most: the cap holds over short windows too.
  tokens_ = std::min(tokens_ + static_cast<double>(rate_) * std::max(seconds, 0.0),
                     static_cast<double>(rate_) / 10);
  last_ = std::max(last_, now);
  const auto granted =
      std::min<std::uint64_t>(wanted, tokens_ > 0 ? static_cast<std::uint64_t>(tokens_) : 0);
  tokens_ -= static_cast<double>(granted);
  return granted;
}

// One epoll thread and the downloads it carries.
class Pacer::Loop {
 public:
  explicit Loop(Counters& counters)
      : counters_(counters), wheel_(kTick, kWheelSlots, Clock::now()) {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_ < 0 || wake_ < 0) throw std::system_error(errno, std::generic_category(), "pacer");
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = wake_;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
    thread_ = std::thread([this] { run(); });
  }

  ~Loop() {
    stopping_ = true;
    wakeUp();
    thread_.join();
    const auto cut = connections_.size();
    for (auto& [fd, connection] : connections_) close(connection, false);
    connections_.clear();
    if (cut > 0) {
      Poco::Logger::get("interlude.throttling")
          .information("pacer stopped: closed " + std::to_string(cut) + " download(s)");
    }
    ::close(wake_);
    ::close(epoll_);
  }

  void add(PacedBody body) {
    bool first = false;
    {
      std::lock_guard lock(incomingMutex_);
      first = incoming_.empty();
      incoming_.push_back(std::move(body));
    }
    // The loop takes the whole queue once woken: only the first body needs a wake-up.
    if (first) wakeUp();
  }

  void list(std::vector<PacedDownloadView>& out) const {
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    for (const auto& [fd, c] : connections_) {
      out.push_back({c.body.client, c.body.path, c.body.pace.encodedBitrate,
                     c.body.pace.bytesPerSecond, c.sent, c.body.length,
                     std::chrono::duration<double>(now - c.started).count()});
    }
  }

 private:
  struct Connection {
    PacedBody body;
    int fd;
    TokenBucket bucket;
    std::uint64_t chunk;
    std::uint64_t sent = 0;
    bool waitingWritable = false;
    Clock::time_point started;
    std::uint32_t timer = 0;  // the armed timer's number; 0: none
    bool fastStartOut = false;
  };

  // Sockets come corked (TCP_CORK, as nginx's tcp_nopush): the headers left
  // with the first bytes of the body, and paced chunks leave in full segments,
  // the tail of each after the kernel's 200 ms cork timer (closing flushes it).
  // The tail of the fast start is pushed out at once, by uncorking and corking
  // again, so that playback starts at once.
  static void pushFastStart(Connection& c) {
    const int off = 0;
    const int on = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_CORK, &off, sizeof off);
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
    c.fastStartOut = true;
  }

  // A timer names its connection's fd and a number, so one armed for a closed
  // connection does not wake a new one that got the same fd.
  static TimerWheel::Id timerId(int fd, std::uint32_t number) {
    return (static_cast<TimerWheel::Id>(fd) << 32) | number;
  }

  void wakeUp() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_, &one, sizeof one);
  }

  void run() {
    epoll_event events[kEventsPerWait];
    std::vector<TimerWheel::Id> due;
    while (!stopping_) {
      const auto next = wheel_.untilNextTick(Clock::now());
      const int timeout =
          next ? static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(*next).count()) : -1;
      const int n = ::epoll_wait(epoll_, events, kEventsPerWait, timeout);
      std::lock_guard lock(mutex_);
      const auto now = Clock::now();
      for (int i = 0; i < n; ++i) {
        if (events[i].data.fd == wake_) {
          adoptIncoming(now);
        } else {
          onEvent(events[i].data.fd, events[i].events, now);
        }
      }
      due.clear();
      wheel_.expire(now, due);
      for (const auto id : due) {
        const auto it = connections_.find(static_cast<int>(id >> 32));
        if (it == connections_.end() || it->second.timer != static_cast<std::uint32_t>(id))
          continue;
        it->second.timer = 0;
        pump(it->second, now);
      }
    }
  }

  void adoptIncoming(Clock::time_point now) {
    std::uint64_t count = 0;
    [[maybe_unused]] const auto n = ::read(wake_, &count, sizeof count);
    std::vector<PacedBody> incoming;
    {
      std::lock_guard lock(incomingMutex_);
      incoming.swap(incoming_);
    }
    for (auto& body : incoming) {
      body.socket.setBlocking(false);
      const int fd = body.socket.impl()->sockfd();
      const auto rate = static_cast<double>(body.pace.bytesPerSecond);
      const auto chunk = chunkFor(body.pace.bytesPerSecond);
      TokenBucket bucket(static_cast<double>(body.pace.burstBytes), rate,
                         std::max(2 * rate, 2.0 * static_cast<double>(chunk)), now);
      auto [it, inserted] = connections_.try_emplace(
          fd, Connection{std::move(body), fd, bucket, chunk, 0, false, now, 0, false});
      if (!inserted) continue;  // cannot happen: the fd is open until we close it
      counters_.started.add();
      counters_.active.add(1);
      epoll_event event{};
      // Edge-triggered, writability included: the socket is registered once and
      // reports EPOLLOUT only after a send found it full (as nginx does), so a
      // paced send costs no epoll_ctl.
      event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
      event.data.fd = fd;
      ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
      pump(it->second, now);
    }
  }

  void onEvent(int fd, std::uint32_t events, Clock::time_point now) {
    const auto it = connections_.find(fd);
    if (it == connections_.end()) return;
    auto& connection = it->second;
    if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR) || (events & EPOLLIN && !drainInput(fd))) {
      finish(connection);  // the client left: free the socket and the file now
      return;
    }
    if (events & EPOLLOUT && connection.waitingWritable) {
      connection.waitingWritable = false;
      pump(connection, now);
    }
  }

  // Reads and drops what the client sends; false once it has closed its side.
  static bool drainInput(int fd) {
    char buffer[4096];
    for (;;) {
      const auto n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n > 0) continue;
      return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
    }
  }

  // Sends what the bucket allows; then waits for a timer or for the socket.
  void pump(Connection& c, Clock::time_point now) {
    const int fileFd = c.body.file->fd.get();
    while (c.sent < c.body.length) {
      const auto remaining = c.body.length - c.sent;
      auto allowed = std::min(c.bucket.available(now), remaining);
      if (allowed > 0 && c.body.siteCap) allowed = c.body.siteCap->take(allowed, now);
      if (allowed == 0) {
        if (!c.fastStartOut) pushFastStart(c);
        const auto wanted = std::min(c.chunk, remaining);
        auto when = c.bucket.whenAvailable(wanted, now);
        if (when <= now) when = now + kTick;  // the site's budget is spent: try next tick
        c.timer = ++timers_ == 0 ? ++timers_ : timers_;
        wheel_.schedule(timerId(c.fd, c.timer), when);
        return;
      }
      auto position = static_cast<off_t>(c.body.offset + c.sent);
      const auto n = ::sendfile(c.fd, fileFd, &position, allowed);
      if (n > 0) {
        const auto count = static_cast<std::uint64_t>(n);
        if (c.body.sent) c.body.sent(c.body.offset + c.sent, count);
        c.bucket.consume(count);
        c.sent += count;
        counters_.bytesSent.add(count);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        c.waitingWritable = true;  // until the edge-triggered EPOLLOUT
        return;
      }
      break;  // the client went away, or the file shrank
    }
    finish(c);
  }

  void finish(Connection& c) {
    const bool complete = c.sent >= c.body.length;
    close(c, complete);
    connections_.erase(c.fd);
  }

  void close(Connection& c, bool complete) {
    // No EPOLL_CTL_DEL: closing the socket's only descriptor takes it out of every epoll set.
    (complete ? counters_.completed : counters_.aborted).add();
    if (!complete) counters_.bytesSaved.add(c.body.length - c.sent);
    counters_.active.add(-1);
    try {
      c.body.socket.close();
    } catch (const Poco::Exception& e) {
      Poco::Logger::get("interlude.throttling").debug("closing a paced socket: " + e.displayText());
    }
  }

  Counters& counters_;
  int epoll_ = -1;
  int wake_ = -1;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;  // connections_ and wheel_, held while a batch of events runs
  std::unordered_map<int, Connection> connections_;
  TimerWheel wheel_;
  std::uint32_t timers_ = 0;
  std::mutex incomingMutex_;
  std::vector<PacedBody> incoming_;
  std::thread thread_;
};

Pacer::Pacer(int threads, core::MetricsRegistry& metrics)
    : counters_{
          metrics.counter("interlude_throttle_downloads_total", "Throttled downloads started"),
          metrics.counter("interlude_throttle_completed_total",
                          "Throttled downloads sent to the end"),
          metrics.counter("interlude_throttle_aborted_total",
                          "Throttled downloads the client left before the end"),
          metrics.counter("interlude_throttle_bytes_sent_total", "Body bytes sent by the pacer"),
          metrics.counter("interlude_throttle_bytes_saved_total",
                          "File bytes never sent because the client left before the end"),
          metrics.gauge("interlude_throttle_active", "Throttled downloads in progress")} {
  for (int i = 0; i < std::max(threads, 1); ++i)
    loops_.push_back(std::make_unique<Loop>(counters_));
}

Pacer::~Pacer() = default;

void Pacer::start(PacedBody body) {
  loops_[next_.fetch_add(1, std::memory_order_relaxed) % loops_.size()]->add(std::move(body));
}

std::vector<PacedDownloadView> Pacer::downloads() const {
  std::vector<PacedDownloadView> out;
  for (const auto& loop : loops_) loop->list(out);
  return out;
}

}  // namespace interlude::throttling
