#include "interlude/core/FileSender.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sstream>

namespace interlude::core {
namespace {

constexpr std::uint64_t kChunk = 4 << 20;
// Bodies up to this size go out with the headers in one write: cheaper than
// corking, sendfile and uncorking for small files.
constexpr std::uint64_t kInlineLimit = 32 << 10;

void setCork(int socket, int on) { ::setsockopt(socket, IPPROTO_TCP, TCP_CORK, &on, sizeof on); }

bool sendAll(Poco::Net::StreamSocket& socket, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const int n = socket.sendBytes(data.data() + sent, static_cast<int>(data.size() - sent));
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Headers and body in one buffer, one write. Returns the body bytes sent.
std::uint64_t sendInline(Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerResponse& response,
                         int fd, std::uint64_t offset, std::uint64_t length) {
  std::ostringstream head;
  response.write(head);
  std::string data = head.str();
  const std::size_t bodyAt = data.size();
  data.resize(bodyAt + length);
  std::uint64_t read = 0;
  while (read < length) {
    const auto n =
        ::pread(fd, data.data() + bodyAt + read, length - read, static_cast<off_t>(offset + read));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    read += static_cast<std::uint64_t>(n);
  }
  if (read < length) {  // the file shrank: the promised length cannot be kept
    response.setKeepAlive(false);
    data.resize(bodyAt + read);
  }
  return sendAll(socket, data) ? read : 0;
}

}  // namespace

std::uint64_t sendFileBody(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response, int fd, std::uint64_t offset,
                           std::uint64_t length, int sendTimeoutSeconds) {
  auto& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
  if (length <= kInlineLimit) return sendInline(socket, response, fd, offset, length);
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
