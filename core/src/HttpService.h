#pragma once

#include <Poco/Net/ServerSocket.h>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "HttpConnection.h"

namespace interlude::core {

// The listeners of one kind (public or admin) and their connections, served by
// a fixed set of threads that all wait on one epoll set: a thread that receives
// a readable connection answers its request itself, then puts the connection
// back to wait (EPOLLONESHOT keeps it with one thread at a time). Idle
// keep-alive connections hold no thread and there is no hand-off between threads.
class HttpService {
 public:
  using HandlerMaker = std::function<std::unique_ptr<Poco::Net::HTTPRequestHandler>()>;

  HttpService(Poco::Net::HTTPServerParams::Ptr params, HandlerMaker makeHandler, int threads);
  ~HttpService();
  HttpService(const HttpService&) = delete;
  HttpService& operator=(const HttpService&) = delete;

  void addListener(const Poco::Net::ServerSocket& socket);  // before start()
  void start();
  // Closes the listening sockets and the connections waiting for a request.
  void stopAccepting();
  // Shuts down the connections still being answered.
  void abortActive() { hub_.abortAll(); }
  void stop();  // joins the threads

 private:
  struct Parked {
    std::shared_ptr<HttpConnection> connection;
    std::chrono::steady_clock::time_point deadline;
  };
  // The parked connections whose descriptor falls to it: every request parks
  // and unparks its connection, and one lock for all was contended.
  struct ParkedShard {
    std::mutex mutex;
    std::unordered_map<int, Parked> connections;
  };
  static constexpr std::size_t kParkedShards = 16;

  void run();
  void acceptAll(int listenerFd);
  void serve(std::shared_ptr<HttpConnection> connection);
  void park(std::shared_ptr<HttpConnection> connection, Poco::Timespan timeout);
  std::shared_ptr<HttpConnection> unpark(int fd);
  void expireIdle();
  ParkedShard& shardOf(int fd) { return parked_[static_cast<std::size_t>(fd) % kParkedShards]; }

  Poco::Net::HTTPServerParams::Ptr params_;
  HandlerMaker makeHandler_;
  int threadCount_;
  int epoll_ = -1;
  int wakeFd_ = -1;
  std::vector<Poco::Net::ServerSocket> listeners_;
  std::array<ParkedShard, kParkedShards> parked_;
  std::mutex sweepMutex_;
  std::chrono::steady_clock::time_point nextSweep_;
  ConnectionHub hub_;
  std::atomic<bool> closing_{false};
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace interlude::core
