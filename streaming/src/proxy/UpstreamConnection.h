#pragma once

#include <Poco/Net/HTTPClientSession.h>

#include <cstddef>

namespace interlude::streaming::proxy {

// A keep-alive HTTP/1.1 connection to one upstream. POCO parses the status
// line and headers; a fixed-length body is then taken from the socket
// directly (splice) after the few bytes POCO read ahead with the headers.
class UpstreamConnection : public Poco::Net::HTTPClientSession {
 public:
  using HTTPClientSession::HTTPClientSession;

  // Body bytes read ahead with the headers.
  std::size_t readAhead() const { return static_cast<std::size_t>(buffered()); }
  // Moves up to `max` of them to `out`; returns how many.
  std::size_t takeReadAhead(char* out, std::size_t max);
  int fd() { return socket().impl()->sockfd(); }
  // An idle pooled connection the upstream has closed (or sent something on)
  // is readable: it must not carry the next request.
  bool idleButReadable();

  bool reused = false;  // came from the pool: a send failure may just mean it went stale
};

}  // namespace interlude::streaming::proxy
