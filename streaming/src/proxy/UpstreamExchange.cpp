#include "proxy/UpstreamExchange.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>

namespace interlude::streaming::proxy {
namespace {

// The response status and reason for a failure before the response head.
UpstreamError errorOf(const Poco::Exception& e) {
  if (dynamic_cast<const Poco::TimeoutException*>(&e)) {
    return UpstreamError(504, "upstream timed out");
  }
  if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&e)) {
    return UpstreamError(502, "upstream refused the connection");
  }
  if (dynamic_cast<const Poco::Net::NoMessageException*>(&e)) {
    return UpstreamError(502, "upstream closed the connection without a response");
  }
  if (dynamic_cast<const Poco::Net::MessageException*>(&e)) {
    return UpstreamError(502, "upstream sent an invalid response: " + e.message());
  }
  return UpstreamError(502, "upstream connection failed: " + e.displayText());
}

// A reused connection that fails this way was most likely closed by the
// upstream while idle; the request never reached it.
bool staleConnection(const Poco::Exception& e) {
  return dynamic_cast<const Poco::Net::NoMessageException*>(&e) ||
         dynamic_cast<const Poco::Net::ConnectionResetException*>(&e) ||
         dynamic_cast<const Poco::Net::ConnectionAbortedException*>(&e) ||
         dynamic_cast<const Poco::IOException*>(&e);
}

}  // namespace

void UpstreamExchange::start(Upstream& to, Poco::Net::HTTPRequest& request) {
  upstream = &to;
  head = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;
  connection = to.take();
  for (;;) {
    try {
      connection->sendRequest(request);
      body = &connection->receiveResponse(response);
      return;
    } catch (const Poco::TimeoutException& e) {
      connection.reset();
      throw errorOf(e);
    } catch (const Poco::Exception& e) {
      if (!connection->reused || !staleConnection(e)) {
        connection.reset();
        throw errorOf(e);
      }
      connection = to.take();  // the next pooled one, or a new one
    }
  }
}

bool UpstreamExchange::hasBody() const {
  const auto status = response.getStatus();
  return !head && status >= 200 && status != Poco::Net::HTTPResponse::HTTP_NO_CONTENT &&
         status != Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED;
}

void UpstreamExchange::finish(bool bodyFullyRead) {
  if (!connection) return;
  if (bodyFullyRead && response.getKeepAlive() && connection->connected()) {
    upstream->give(std::move(connection));
  }
  connection.reset();
}

}  // namespace interlude::streaming::proxy
