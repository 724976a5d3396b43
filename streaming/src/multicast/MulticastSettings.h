#pragma once

#include <Poco/Net/SocketAddress.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace interlude::streaming::multicast {

// What the sender puts in each datagram. The receiver tells the two apart by
// their first byte (an MPEG-TS sync byte 0x47 is never an RTP version-2 header),
// so this only decides what the SDP announces.
enum class Transport { Udp, Rtp };

// One multicast point's source, as the points' settings reader fills it.
struct MulticastSettings {
  // IPv4 group and port. A unicast address is accepted too (bound, no join):
  // a sender pointed straight at this server.
  Poco::Net::SocketAddress group;
  // The interface to join on: an interface name ("eth0") or one of its IPv4
  // addresses; empty lets the kernel choose by its routing table.
  std::string interface;
  Transport transport = Transport::Udp;
  // Announced in the SDP (c=IN IP4 group/ttl); the relay never sends.
  int ttl = 16;
  // Bytes a client may lag behind the stream before it is dropped.
  std::size_t clientBacklogBytes = 2 << 20;
  // Clients served at once; more get 503. 0: no limit.
  std::size_t maxClients = 0;
};

}  // namespace interlude::streaming::multicast
