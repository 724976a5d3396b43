#include "interlude/core/Listener.h"

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>

#include <cerrno>
#include <cstring>

namespace interlude::core {
namespace {

std::string explain(int code, const std::string& fallback) {
  switch (code) {
    case EADDRINUSE:
      return "address already in use — another process listens there; bind a specific IP or "
             "another port";
    case EADDRNOTAVAIL:
      return "address not available — no interface of this machine has that IP";
    case EACCES:
      return "permission denied — ports below 1024 need root or CAP_NET_BIND_SERVICE";
    case EAFNOSUPPORT:
      return "address family not supported — is IPv6 enabled on this machine?";
    default:
      return fallback;
  }
}

}  // namespace

Poco::Net::ServerSocket bindListener(const ListenConfig& listen, int backlog) {
  const auto& e = listen.endpoint;
  Poco::Net::ServerSocket socket;
  try {
    const Poco::Net::SocketAddress address(e.host, e.port);
    if (e.ipv6) {
      socket.bind6(address, true, listen.reusePort, true);
    } else {
      socket.bind(address, true, listen.reusePort);
    }
    socket.listen(backlog);
  } catch (const Poco::Exception& ex) {
    // POCO keeps the errno as the exception code.
    int code = ex.code();
    if (code == 0 && ex.message().find("in use") != std::string::npos) code = EADDRINUSE;
    throw BindError(e.str() + ": " + explain(code, ex.displayText()));
  }
  return socket;
}

std::string listenerUrl(const Poco::Net::ServerSocket& socket) {
  const auto address = socket.address();
  const bool v6 = address.family() == Poco::Net::SocketAddress::IPv6;
  const std::string host = address.host().toString();
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(address.port()) + "/";
}

}  // namespace interlude::core
