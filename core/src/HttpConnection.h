#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>

namespace interlude::core {

// The connections of one server, so shutdown can wake and close them all.
class ConnectionHub {
 public:
  void add(Poco::Net::StreamSocket* socket);
  void remove(Poco::Net::StreamSocket* socket);
  bool stopping() const { return stopping_.load(std::memory_order_relaxed); }
  // Shuts every connection down (idle keep-alive ones and those still sending).
  void abortAll();

 private:
  std::mutex mutex_;
  std::set<Poco::Net::StreamSocket*> sockets_;
  std::atomic<bool> stopping_{false};
};

using HandlerMaker = std::function<std::unique_ptr<Poco::Net::HTTPRequestHandler>()>;

// One HTTP/1.1 connection: POCO's HTTPServerConnection loop, except that it waits
// for the next keep-alive request with one poll(2), where POCO 1.11 (built with
// epoll) creates, fills and closes an epoll set per request, and that it keeps one
// request handler for the connection's lifetime.
class HttpConnection : public Poco::Net::TCPServerConnection {
 public:
  HttpConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                 ConnectionHub& hub, std::unique_ptr<Poco::Net::HTTPRequestHandler> handler);
  ~HttpConnection() override;
  void run() override;

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  ConnectionHub& hub_;
  std::unique_ptr<Poco::Net::HTTPRequestHandler> handler_;
};

class HttpConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, ConnectionHub& hub,
                        HandlerMaker maker)
      : params_(std::move(params)), hub_(hub), maker_(std::move(maker)) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  ConnectionHub& hub_;
  HandlerMaker maker_;
};

}  // namespace interlude::core
