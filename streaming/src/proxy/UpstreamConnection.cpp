#include "proxy/UpstreamConnection.h"

#include <poll.h>

namespace interlude::streaming::proxy {

std::size_t UpstreamConnection::takeReadAhead(char* out, std::size_t max) {
  const auto available = readAhead();
  if (available == 0 || max == 0) return 0;
  return static_cast<std::size_t>(
      read(out, static_cast<std::streamsize>(available < max ? available : max)));
}

bool UpstreamConnection::idleButReadable() {
  if (!connected()) return false;
  pollfd watched{fd(), POLLIN | POLLRDHUP, 0};
  return ::poll(&watched, 1, 0) != 0;
}

}  // namespace interlude::streaming::proxy
