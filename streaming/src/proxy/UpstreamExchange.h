#pragma once

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <istream>
#include <memory>
#include <stdexcept>
#include <string>

#include "proxy/Upstream.h"
#include "proxy/UpstreamConnection.h"

namespace interlude::streaming::proxy {

// An upstream exchange that failed before its response head was complete:
// the status the client gets for it (502, or 504 for a timeout) and why.
class UpstreamError : public std::runtime_error {
 public:
  UpstreamError(int status, const std::string& reason)
      : std::runtime_error(reason), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// One request to one upstream whose response head has arrived; the body is
// still on the connection.
struct UpstreamExchange {
  Upstream* upstream = nullptr;
  std::unique_ptr<UpstreamConnection> connection;
  Poco::Net::HTTPResponse response;
  std::istream* body = nullptr;  // POCO's stream of the body, whatever its framing
  bool head = false;             // a HEAD request: no body follows

  // Sends `request` (its URI already the upstream's) and reads the response
  // head. A pooled connection that the upstream had meanwhile closed is
  // replaced by a new one, once. Throws UpstreamError.
  void start(Upstream& to, Poco::Net::HTTPRequest& request);
  // Whether a body follows the head.
  bool hasBody() const;
  // The connection goes back to the pool if the exchange ended cleanly (every
  // body byte read) and both sides keep it alive; else it is closed.
  void finish(bool bodyFullyRead);
};

}  // namespace interlude::streaming::proxy
