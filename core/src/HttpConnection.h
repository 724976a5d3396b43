#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>

namespace interlude::core {

// The connections of one service, so shutdown can cut those still running.
class ConnectionHub {
 public:
  void add(Poco::Net::StreamSocket* socket);
  void remove(Poco::Net::StreamSocket* socket);
  void abortAll();  // shuts every registered socket down

 private:
  std::mutex mutex_;
  std::set<Poco::Net::StreamSocket*> sockets_;
};

// Exposes whether a pipelined request is already buffered.
class ServerSession : public Poco::Net::HTTPServerSession {
 public:
  using HTTPServerSession::HTTPServerSession;
  bool hasBufferedData() const { return buffered() > 0; }
};

// One HTTP/1.1 connection. A thread serves it while a request is there; between
// requests it waits in an epoll set and holds no thread.
class HttpConnection {
 public:
  HttpConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                 std::unique_ptr<Poco::Net::HTTPRequestHandler> handler, ConnectionHub& hub);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Reads and answers one request; false when the connection must close.
  bool serveOne();
  bool hasBufferedRequest() const { return session_.hasBufferedData(); }
  int fd() const { return socket_.impl()->sockfd(); }
  bool registered = false;  // in the service's epoll set

 private:
  Poco::Net::StreamSocket socket_;
  Poco::Net::HTTPServerParams::Ptr params_;
  ServerSession session_;
  std::unique_ptr<Poco::Net::HTTPRequestHandler> handler_;
  ConnectionHub& hub_;
};

}  // namespace interlude::core
