#include "HttpConnection.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>
#include <poll.h>

#include <cerrno>

namespace interlude::core {
namespace {

using Poco::Net::HTTPResponse;

// Exposes whether a pipelined request is already buffered.
class ServerSession : public Poco::Net::HTTPServerSession {
 public:
  using HTTPServerSession::HTTPServerSession;
  bool hasBufferedData() const { return buffered() > 0; }
};

bool readable(const Poco::Net::StreamSocket& socket, const Poco::Timespan& timeout) {
  pollfd p{socket.impl()->sockfd(), POLLIN, 0};
  const int ms = static_cast<int>(timeout.totalMilliseconds());
  int ready = 0;
  do {
    ready = ::poll(&p, 1, ms);
  } while (ready < 0 && errno == EINTR);
  return ready > 0;  // also on hang-up: the read then sees the end of the stream
}

void sendBadRequest(ServerSession& session) {
  Poco::Net::HTTPServerResponseImpl response(session);
  response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
  response.setStatusAndReason(HTTPResponse::HTTP_BAD_REQUEST);
  response.setKeepAlive(false);
  response.send();
  session.setKeepAlive(false);
}

}  // namespace

void ConnectionHub::add(Poco::Net::StreamSocket* socket) {
  std::lock_guard lock(mutex_);
  sockets_.insert(socket);
}

void ConnectionHub::remove(Poco::Net::StreamSocket* socket) {
  std::lock_guard lock(mutex_);
  sockets_.erase(socket);
}

void ConnectionHub::abortAll() {
  stopping_ = true;
  std::lock_guard lock(mutex_);
  for (auto* socket : sockets_) {
    try {
      socket->shutdown();
    } catch (const Poco::Exception&) {
      continue;  // already closed by the peer: nothing to wake
    }
  }
}

HttpConnection::HttpConnection(const Poco::Net::StreamSocket& socket,
                               Poco::Net::HTTPServerParams::Ptr params, ConnectionHub& hub,
                               std::unique_ptr<Poco::Net::HTTPRequestHandler> handler)
    : TCPServerConnection(socket),
      params_(std::move(params)),
      hub_(hub),
      handler_(std::move(handler)) {
  hub_.add(&this->socket());
}

HttpConnection::~HttpConnection() { hub_.remove(&socket()); }

void HttpConnection::run() {
  const std::string server = params_->getSoftwareVersion();
  ServerSession session(socket(), params_);
  bool first = true;
  while (!hub_.stopping()) {
    // The first wait goes through POCO, which also starts the session's keep-alive
    // accounting; later waits use poll(2).
    const bool more =
        first ? session.hasMoreRequests()
              : session.getKeepAlive() && (session.hasBufferedData() ||
                                           readable(socket(), params_->getKeepAliveTimeout()));
    if (!more) break;
    first = false;
    try {
      Poco::Net::HTTPServerResponseImpl response(session);
      Poco::Net::HTTPServerRequestImpl request(response, session, params_.get());
      response.setDate(Poco::Timestamp());
      response.setVersion(request.getVersion());
      response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() &&
                            session.canKeepAlive());
      if (!server.empty()) response.set("Server", server);
      if (request.getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK) {
        response.sendContinue();
      }
      handler_->handleRequest(request, response);
      session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() &&
                           session.canKeepAlive());
    } catch (const Poco::Net::NoMessageException&) {
      break;  // the client closed the connection between requests
    } catch (const Poco::Net::MessageException&) {
      sendBadRequest(session);  // unparsable request line or headers
    } catch (const Poco::Exception& e) {
      // Timeouts and resets end the connection; there is nobody left to answer.
      Poco::Logger::get("interlude").debug("connection closed: " + e.displayText());
      break;
    }
  }
}

Poco::Net::TCPServerConnection* HttpConnectionFactory::createConnection(
    const Poco::Net::StreamSocket& socket) {
  return new HttpConnection(socket, params_, hub_,
                            maker_());  // POCO's interface: TCPServer owns it
}

}  // namespace interlude::core
