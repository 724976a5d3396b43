#include "interlude/core/FileSender.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace interlude::core {
namespace {

constexpr std::uint64_t kChunk = 4 << 20;

void setCork(int socket, int on) { ::setsockopt(socket, IPPROTO_TCP, TCP_CORK, &on, sizeof on); }

}  // namespace

std::uint64_t sendFileBody(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response, int fd, std::uint64_t offset,
                           std::uint64_t length, int sendTimeoutSeconds) {
  auto& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
  const int sock = socket.impl()->sockfd();
  setCork(sock, 1);
  response.send().flush();  // headers only: the body goes around the stream
  socket.setSendTimeout(Poco::Timespan(sendTimeoutSeconds, 0));
  auto position = static_cast<off_t>(offset);
  std::uint64_t sent = 0;
  while (sent < length) {
    const auto n = ::sendfile(sock, fd, &position, std::min(kChunk, length - sent));
    if (n > 0) {
      sent += static_cast<std::uint64_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // client gone, send timeout (EAGAIN) or file shrank (0): stop
    }
  }
  setCork(sock, 0);
  if (sent < length) response.setKeepAlive(false);
  return sent;
}

}  // namespace interlude::core
