#pragma once

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocketImpl.h>

#include <optional>

namespace interlude::core {

// An accepted connection that remembers its addresses: POCO asks the kernel for
// both (getpeername, getsockname) on every request it parses, 3% of a
// keep-alive playlist request, and they never change. The peer comes from
// accept(); the local address is asked for once, when first needed.
class AcceptedSocketImpl : public Poco::Net::StreamSocketImpl {
 public:
  AcceptedSocketImpl(poco_socket_t fd, const Poco::Net::SocketAddress& peer)
      : StreamSocketImpl(fd), peer_(peer) {}

  Poco::Net::SocketAddress address() override;
  Poco::Net::SocketAddress peerAddress() override { return peer_; }

 private:
  const Poco::Net::SocketAddress peer_;
  std::optional<Poco::Net::SocketAddress> local_;
};

}  // namespace interlude::core
