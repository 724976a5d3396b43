#include "HttpConnection.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/NetException.h>

#include <ctime>

#include "interlude/core/Responses.h"

namespace interlude::core {
namespace {

using Poco::Net::HTTPResponse;

void sendBadRequest(ServerSession& session) {
  Poco::Net::HTTPServerResponseImpl response(session);
  response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
  response.setStatusAndReason(HTTPResponse::HTTP_BAD_REQUEST);
  response.setKeepAlive(false);
  response.send();
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
                               Poco::Net::HTTPServerParams::Ptr params,
                               std::unique_ptr<Poco::Net::HTTPRequestHandler> handler,
                               ConnectionHub& hub)
    : socket_(socket),
      params_(std::move(params)),
      session_(socket_, params_),
      handler_(std::move(handler)),
      hub_(hub) {
  hub_.add(&socket_);
}

HttpConnection::~HttpConnection() { hub_.remove(&socket_); }

// POCO's HTTPServerConnection::run, one request at a time. The reactor has
// seen the data arrive, so POCO's wait for it (HTTPServerSession::hasMoreRequests,
// an epoll set made and closed per call) is skipped, and with it POCO's count of
// keep-alive requests, which Interlude does not limit.
bool HttpConnection::serveOne() {
  try {
    Poco::Net::HTTPServerResponseImpl response(session_);
    Poco::Net::HTTPServerRequestImpl request(response, session_, params_.get());
    response.set(HTTPResponse::DATE, responseDate(std::time(nullptr)));
    response.setVersion(request.getVersion());
    response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive());
    response.set("Server", params_->getSoftwareVersion());
    // Handlers do not read request bodies yet; one left unread would be taken
    // for the next request, so such a connection closes after its answer.
    if (request.getContentLength64() > 0 || request.getChunkedTransferEncoding()) {
      response.setKeepAlive(false);
    }
    if (request.getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK) {
      response.sendContinue();
    }
    handler_->handleRequest(request, response);
    return response.getKeepAlive();
  } catch (const Poco::Net::NoMessageException&) {
    return false;  // the client closed the connection between requests
  } catch (const Poco::Net::MessageException& e) {
    try {
      sendBadRequest(session_);  // unparsable request line or headers
    } catch (const Poco::Exception& gone) {
      Poco::Logger::get("interlude")
          .debug("bad request from a closed connection: " + gone.displayText());
    }
    return false;
  } catch (const Poco::Exception& e) {
    // Timeouts and resets end the connection; there is nobody left to answer.
    Poco::Logger::get("interlude").debug("connection closed: " + e.displayText());
    return false;
  }
}

}  // namespace interlude::core
