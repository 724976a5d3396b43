#pragma once

#include <cstdint>
#include <string>

#include "multicast/MulticastSettings.h"

namespace interlude::streaming::multicast {

// What a multicast point announces.
struct SdpDescription {
  std::string sessionName;  // s=, the point's name
  std::string origin;       // o= unicast address of this server
  std::uint64_t sessionId = 0;
  std::uint64_t sessionVersion = 0;  // greater after every change of the session
  std::string group;                 // IPv4 group address
  std::uint16_t port = 0;
  int ttl = 16;  // 0 for a unicast address, which has none
  Transport transport = Transport::Udp;
};

// The session description of RFC 8866 for an MPEG-TS group, lines ending in
// CRLF. Raw UDP is announced as `m=video PORT udp 33`: RFC 8866 asks for a
// media subtype (MP2T) after "udp", but live555-based players only parse a
// payload number there, while FFmpeg and VLC's own SDP reader take either; 33
// is MP2T's static RTP number (RFC 3551). RTP gets `RTP/AVP 33` and its rtpmap.
// Text that would break a line (CR, LF) is replaced by spaces.
std::string writeSdp(const SdpDescription& description);

}  // namespace interlude::streaming::multicast
