#include "multicast/FanOut.h"

#include <Poco/Logger.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

namespace interlude::streaming::multicast {
namespace {

constexpr int kEventsPerWait = 256;
// Chunks of a backlog written in one call (the kernel's IOV_MAX is 1024).
constexpr int kVectorsPerWrite = 64;
// A stream that showed a key frame this recently will show another: new
// clients wait for it, at most kKeyFrameWait (GOPs are seconds long at most;
// past that the client starts anyway rather than wait for nothing).
constexpr auto kKeyFrameMemory = std::chrono::seconds(10);
constexpr auto kKeyFrameWait = std::chrono::seconds(5);

Poco::Logger& log() { return Poco::Logger::get("interlude.streaming"); }

// Reads and drops what a client sends; false once it has closed its side.
bool drainInput(int fd) {
  char buffer[4096];
  for (;;) {
    const auto n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
  }
}

}  // namespace

FanOut::FanOut(std::string point, std::size_t backlogBytes, FanOutCounters counters)
    : point_(std::move(point)),
      backlogBytes_(backlogBytes),
      counters_(counters),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      incomingChunks_(backlogBytes) {
  if (!epoll_ || !wake_) throw std::system_error(errno, std::generic_category(), "fan-out");
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = wake_.get();
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &event);
  thread_ = std::thread([this] { run(); });
}

FanOut::~FanOut() {
  stopping_ = true;
  wakeUp();
  thread_.join();
  counters_.clients.add(-static_cast<std::int64_t>(clients_.size()));
  // Sockets handed over but never adopted close with incomingSockets_.
  if (!clients_.empty()) {
    log().information(point_ + ": stopped, closed " + std::to_string(clients_.size()) +
                      " client(s)");
  }
}

void FanOut::add(Poco::Net::StreamSocket socket) {
  bool first = false;
  {
    std::lock_guard lock(incomingMutex_);
    first = incomingSockets_.empty() && incomingChunks_.empty();
    incomingSockets_.push_back(std::move(socket));
  }
  // The loop takes both queues whole once woken: only the first item needs a wake-up.
  if (first) wakeUp();
}

void FanOut::publish(Chunk chunk) {
  bool first = false;
  const auto size = chunk->bytes.size();
  {
    std::lock_guard lock(incomingMutex_);
    first = incomingSockets_.empty() && incomingChunks_.empty();
    if (!incomingChunks_.push(std::move(chunk))) {
      counters_.overrunBytes.add(size);
      if (!std::exchange(overrunning_, true)) {
        log().warning(point_ + ": the fan-out thread is " +
                      std::to_string(incomingChunks_.bytes()) +
                      " bytes behind the stream; the clients miss what comes until it catches up");
      }
      return;
    }
    overrunning_ = false;
  }
  if (first) wakeUp();
}

void FanOut::wakeUp() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_.get(), &one, sizeof one);
}

void FanOut::run() {
  epoll_event events[kEventsPerWait];
  while (!stopping_) {
    const int n = ::epoll_wait(epoll_.get(), events, kEventsPerWait, -1);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.fd == wake_.get()) {
        takeIncoming();
      } else {
        onEvent(events[i].data.fd, events[i].events);
      }
    }
  }
}

void FanOut::takeIncoming() {
  std::uint64_t count = 0;
  [[maybe_unused]] const auto r = ::read(wake_.get(), &count, sizeof count);
  std::vector<Poco::Net::StreamSocket> sockets;
  std::deque<Chunk> chunks;
  {
    std::lock_guard lock(incomingMutex_);
    sockets.swap(incomingSockets_);
    chunks = incomingChunks_.takeAll();
  }
  const auto now = Clock::now();
  const bool keyFrames = lastRandomAccess_ && now - *lastRandomAccess_ < kKeyFrameMemory;
  for (auto& socket : sockets) {
    const int fd = socket.impl()->sockfd();
    std::string peer;
    try {
      socket.setBlocking(false);
      peer = socket.peerAddress().toString();
    } catch (const Poco::Exception& e) {
      continue;  // gone before it was adopted; closes here
    }
    clients_.try_emplace(fd, Client{std::move(socket), ChunkBacklog(backlogBytes_), peer,
                                    keyFrames ? std::optional(now) : std::nullopt});
    epoll_event event{};
    // Edge-triggered writability: EPOLLOUT comes only after a write found the
    // socket full, so a chunk costs no epoll_ctl.
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.fd = fd;
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event);
    counters_.served.add();
    counters_.clients.add(1);
    clientCount_.fetch_add(1, std::memory_order_relaxed);
  }
  for (const auto& chunk : chunks) {
    if (chunk->randomAccess) lastRandomAccess_ = now;
    std::vector<int> gone;
    for (auto& [fd, client] : clients_) {
      const bool wasIdle = client.backlog.empty();
      if (!queue(client, chunk, now)) {
        counters_.dropped.add();
        log().warning(point_ + ": client " + client.peer + " dropped, " +
                      std::to_string(client.backlog.bytes()) +
                      " bytes behind the stream (its backlog limit)");
        gone.push_back(fd);
      } else if (wasIdle && !flush(client)) {
        gone.push_back(fd);
      }
    }
    for (const int fd : gone) remove(fd);
  }
}

bool FanOut::queue(Client& client, const Chunk& chunk, Clock::time_point now) {
  if (!client.waitingSince) return client.backlog.push(chunk);
  if (chunk->randomAccess) {
    client.waitingSince.reset();
    if (!client.backlog.push(chunk)) return false;
    client.backlog.consume(*chunk->randomAccess);
    return true;
  }
  if (now - *client.waitingSince < kKeyFrameWait) return true;  // not yet: skipped
  client.waitingSince.reset();
  return client.backlog.push(chunk);
}

void FanOut::onEvent(int fd, std::uint32_t events) {
  const auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR) || (events & EPOLLIN && !drainInput(fd))) {
    remove(fd);  // the client left
    return;
  }
  if (events & EPOLLOUT && !flush(it->second)) remove(fd);
}

bool FanOut::flush(Client& client) {
  const int fd = client.socket.impl()->sockfd();
  iovec vectors[kVectorsPerWrite];
  while (!client.backlog.empty()) {
    msghdr message{};
    message.msg_iov = vectors;
    message.msg_iovlen =
        static_cast<std::size_t>(client.backlog.pending(vectors, kVectorsPerWrite));
    const auto n = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      client.backlog.consume(static_cast<std::size_t>(n));
      counters_.bytesOut.add(static_cast<std::uint64_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    // Full: the edge-triggered EPOLLOUT says when to go on.
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
  return true;
}

void FanOut::remove(int fd) {
  const auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  // No EPOLL_CTL_DEL: closing the socket's only descriptor takes it out of the set.
  try {
    it->second.socket.close();
  } catch (const Poco::Exception& e) {
    log().debug(point_ + ": closing a client: " + e.displayText());
  }
  clients_.erase(it);
  counters_.clients.add(-1);
  clientCount_.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace interlude::streaming::multicast
