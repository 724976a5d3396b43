#include "interlude/core/FileSender.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <sstream>

namespace interlude::core {
namespace {

constexpr std::uint64_t kChunk = 4 << 20;
constexpr std::uint64_t kObservedChunk = 256 << 10;

void setCork(int socket, int on) { ::setsockopt(socket, IPPROTO_TCP, TCP_CORK, &on, sizeof on); }

Poco::Net::StreamSocket& socketOf(Poco::Net::HTTPServerRequest& request) {
  return static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
}

// Sends every byte of `parts`, going on after partial writes; false when the
// client went away.
bool sendAll(Poco::Net::StreamSocket& socket, Poco::Net::SocketBufVec& parts) {
  while (!parts.empty()) {
    const int n = socket.sendBytes(parts);
    if (n <= 0) return false;
    auto sent = static_cast<std::size_t>(n);
    while (!parts.empty() && sent >= parts.front().iov_len) {
      sent -= parts.front().iov_len;
      parts.erase(parts.begin());
    }
    if (!parts.empty()) {
      parts.front().iov_base = static_cast<char*>(parts.front().iov_base) + sent;
      parts.front().iov_len -= sent;
    }
  }
  return true;
}

}  // namespace

std::uint64_t sendWithBody(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response, std::string_view body) {
  // The headers and the body leave in one writev(2), neither copied into the
  // other; the header stream is kept per thread, with its buffer's capacity.
  thread_local std::ostringstream head;
  head.str({});
  response.write(head);
  const auto headers = head.view();
  Poco::Net::SocketBufVec parts{
      Poco::Net::Socket::makeBuffer(const_cast<char*>(headers.data()), headers.size()),
      Poco::Net::Socket::makeBuffer(const_cast<char*>(body.data()), body.size())};
  if (!sendAll(socketOf(request), parts)) {
    response.setKeepAlive(false);
    return 0;
  }
  return body.size();
}

std::uint64_t sendFileRange(
    Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int fd,
    std::uint64_t offset, std::uint64_t length,
    const std::function<void(std::uint64_t offset, std::uint64_t count)>& progress) {
  auto& socket = socketOf(request);
  const int sock = socket.impl()->sockfd();
  setCork(sock, 1);
  response.send().flush();  // headers only: the body goes around the stream
  auto position = static_cast<off_t>(offset);
  std::uint64_t sent = 0;
  const auto chunk = progress ? kObservedChunk : kChunk;
  while (sent < length) {
    const auto n = ::sendfile(sock, fd, &position, std::min(chunk, length - sent));
    if (n > 0) {
      if (progress) progress(offset + sent, static_cast<std::uint64_t>(n));
      sent += static_cast<std::uint64_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // client gone, the socket's send timeout (EAGAIN) or file shrank (0)
    }
  }
  setCork(sock, 0);
  if (sent < length) response.setKeepAlive(false);
  return sent;
}

}  // namespace interlude::core
