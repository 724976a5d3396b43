#include "HttpService.h"

#include <Poco/Logger.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "AcceptedSocketImpl.h"

namespace interlude::core {
namespace {

// One ready connection per wake-up: connections are one-shot, so events a
// worker took but has not reached yet wait for it alone, and a request that
// blocks (a slow upstream, a collapsed cache miss) would hold them back while
// other workers sleep.
constexpr int kEventsPerWait = 1;
constexpr auto kSweepInterval = std::chrono::milliseconds(250);

void epollControl(int epoll, int op, int fd, std::uint32_t events) {
  epoll_event event{};
  event.events = events;
  event.data.fd = fd;
  if (::epoll_ctl(epoll, op, fd, &event) != 0) {
    throw std::system_error(errno, std::generic_category(), "epoll_ctl");
  }
}

bool isListener(const std::vector<Poco::Net::ServerSocket>& listeners, int fd) {
  return std::any_of(listeners.begin(), listeners.end(),
                     [fd](const auto& s) { return s.impl()->sockfd() == fd; });
}

}  // namespace

HttpService::HttpService(Poco::Net::HTTPServerParams::Ptr params, HandlerMaker makeHandler,
                         int threads)
    : params_(std::move(params)),
      makeHandler_(std::move(makeHandler)),
      threadCount_(threads),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      wakeFd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (epoll_ < 0 || wakeFd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll");
  // Level-triggered and never read: once written, it wakes every thread to stop.
  epollControl(epoll_, EPOLL_CTL_ADD, wakeFd_, EPOLLIN);
}

HttpService::~HttpService() {
  stop();
  ::close(wakeFd_);
  ::close(epoll_);
}

void HttpService::addListener(const Poco::Net::ServerSocket& socket) {
  Poco::Net::ServerSocket listener(socket);
  listener.setBlocking(false);
  epollControl(epoll_, EPOLL_CTL_ADD, listener.impl()->sockfd(), EPOLLIN);
  listeners_.push_back(listener);
}

void HttpService::start() {
  nextSweep_ = std::chrono::steady_clock::now() + kSweepInterval;
  for (int i = 0; i < threadCount_; ++i) threads_.emplace_back([this] { run(); });
}

void HttpService::stopAccepting() {
  closing_ = true;
  for (auto& listener : listeners_) {
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, listener.impl()->sockfd(), nullptr);
    listener.close();
  }
  for (auto& shard : parked_) {
    std::unordered_map<int, Parked> idle;  // closed when this goes out of scope, outside the lock
    std::lock_guard lock(shard.mutex);
    idle.swap(shard.connections);
  }
}

void HttpService::stop() {
  if (threads_.empty()) return;
  stopping_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wakeFd_, &one, sizeof one);
  for (auto& t : threads_) t.join();
  threads_.clear();
  for (auto& shard : parked_) {
    std::lock_guard lock(shard.mutex);
    shard.connections.clear();
  }
}

void HttpService::park(std::shared_ptr<HttpConnection> connection, Poco::Timespan timeout) {
  if (closing_) return;  // shutting down: the connection closes here
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::microseconds(timeout.totalMicroseconds());
  const int fd = connection->fd();
  const int op = connection->registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  connection->registered = true;
  auto& shard = shardOf(fd);
  std::lock_guard lock(shard.mutex);
  shard.connections[fd] = {std::move(connection), deadline};
  epollControl(epoll_, op, fd, EPOLLIN | EPOLLRDHUP | EPOLLONESHOT);
}

std::shared_ptr<HttpConnection> HttpService::unpark(int fd) {
  auto& shard = shardOf(fd);
  std::lock_guard lock(shard.mutex);
  const auto it = shard.connections.find(fd);
  if (it == shard.connections.end()) return nullptr;
  auto connection = std::move(it->second.connection);
  shard.connections.erase(it);
  return connection;
}

void HttpService::acceptAll(int listenerFd) {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t peerSize = sizeof peer;
    const int fd =
        ::accept4(listenerFd, reinterpret_cast<sockaddr*>(&peer), &peerSize, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        Poco::Logger::get("interlude").error(std::string("accept: ") + std::strerror(errno));
      }
      return;
    }
    try {
      // POCO owns the fd now.
      Poco::Net::StreamSocket socket(new AcceptedSocketImpl(
          fd, Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&peer), peerSize)));
      socket.setNoDelay(true);
      // A client that stalls mid-request or stops reading frees its thread after this.
      socket.setReceiveTimeout(params_->getTimeout());
      socket.setSendTimeout(params_->getTimeout());
      park(std::make_shared<HttpConnection>(socket, params_, makeHandler_(), hub_),
           params_->getTimeout());
    } catch (const std::exception& e) {
      Poco::Logger::get("interlude").error(std::string("accept: ") + e.what());
    }
  }
}

void HttpService::serve(std::shared_ptr<HttpConnection> connection) {
  // Pipelined requests already read are answered at once.
  do {
    if (!connection->serveOne()) return;
  } while (connection->hasBufferedRequest());
  park(std::move(connection), params_->getKeepAliveTimeout());
}

void HttpService::expireIdle() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::unique_lock sweep(sweepMutex_, std::try_to_lock);
    if (!sweep || now < nextSweep_) return;
    nextSweep_ = now + kSweepInterval;
  }
  std::vector<std::shared_ptr<HttpConnection>> expired;  // closed outside the locks
  for (auto& shard : parked_) {
    std::lock_guard lock(shard.mutex);
    std::erase_if(shard.connections, [&](auto& entry) {
      if (entry.second.deadline > now) return false;
      expired.push_back(std::move(entry.second.connection));
      return true;
    });
  }
}

void HttpService::run() {
  epoll_event events[kEventsPerWait];
  while (!stopping_) {
    const int n =
        ::epoll_wait(epoll_, events, kEventsPerWait, static_cast<int>(kSweepInterval.count()));
    for (int i = 0; i < n && !stopping_; ++i) {
      const int fd = events[i].data.fd;
      if (fd == wakeFd_) break;
      if (isListener(listeners_, fd)) {
        if (!closing_) acceptAll(fd);
      } else if (auto connection = unpark(fd)) {
        try {
          serve(std::move(connection));
        } catch (const std::exception& e) {
          Poco::Logger::get("interlude").error(std::string("connection: ") + e.what());
        }
      }
    }
    expireIdle();
  }
}

}  // namespace interlude::core
