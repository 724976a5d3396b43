#include "multicast/GroupSocket.h"

#include <Poco/Exception.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace interlude::streaming::multicast {
namespace {

// Room for a second of a 30 Mbit/s stream while the receive thread is late.
constexpr int kReceiveBuffer = 4 << 20;

[[noreturn]] void fail(const std::string& step, int error) {
  throw Poco::IOException(step + ": " + std::strerror(error));
}

void setOption(int fd, int level, int name, const void* value, socklen_t size,
               const std::string& step) {
  if (::setsockopt(fd, level, name, value, size) != 0) fail(step, errno);
}

// The interface to join on: by index when named, by address when an address.
ip_mreqn membershipOf(const sockaddr_in& group, const std::string& interface) {
  ip_mreqn request{};
  request.imr_multiaddr = group.sin_addr;
  if (interface.empty()) return request;
  if (::inet_pton(AF_INET, interface.c_str(), &request.imr_address) == 1) return request;
  request.imr_ifindex = static_cast<int>(::if_nametoindex(interface.c_str()));
  if (request.imr_ifindex == 0) {
    throw Poco::InvalidArgumentException("interface " + interface +
                                         ": no such interface or IPv4 address");
  }
  return request;
}

}  // namespace

GroupSocket::GroupSocket(const MulticastSettings& settings)
    : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) {
  if (!fd_) fail("socket", errno);
  if (settings.group.family() != Poco::Net::SocketAddress::IPv4) {
    throw Poco::InvalidArgumentException("group " + settings.group.toString() +
                                         ": an IPv4 address is needed");
  }
  const auto& group = *reinterpret_cast<const sockaddr_in*>(settings.group.addr());
  const bool multicast = IN_MULTICAST(ntohl(group.sin_addr.s_addr));
  const int on = 1;
  const int off = 0;
  setOption(fd_.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on, "SO_REUSEADDR");
  // Best effort: the kernel caps it at net.core.rmem_max.
  ::setsockopt(fd_.get(), SOL_SOCKET, SO_RCVBUF, &kReceiveBuffer, sizeof kReceiveBuffer);
  if (multicast) {
    setOption(fd_.get(), IPPROTO_IP, IP_MULTICAST_ALL, &off, sizeof off, "IP_MULTICAST_ALL");
  }
  if (::bind(fd_.get(), settings.group.addr(), settings.group.length()) != 0) {
    fail("bind " + settings.group.toString(), errno);
  }
  if (!multicast) return;
  const auto membership = membershipOf(group, settings.interface);
  setOption(fd_.get(), IPPROTO_IP, IP_ADD_MEMBERSHIP, &membership, sizeof membership,
            "join " + settings.group.host().toString() +
                (settings.interface.empty() ? "" : " on " + settings.interface));
}

}  // namespace interlude::streaming::multicast
