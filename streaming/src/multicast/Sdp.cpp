#include "multicast/Sdp.h"

#include <algorithm>
#include <sstream>

namespace interlude::streaming::multicast {
namespace {

std::string oneLine(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return text;
}

}  // namespace

std::string writeSdp(const SdpDescription& description) {
  const bool rtp = description.transport == Transport::Rtp;
  std::ostringstream out;
  out << "v=0\r\n"
      << "o=- " << description.sessionId << ' ' << description.sessionVersion << " IN IP4 "
      << oneLine(description.origin) << "\r\n"
      << "s=" << oneLine(description.sessionName.empty() ? "-" : description.sessionName) << "\r\n"
      << "c=IN IP4 " << oneLine(description.group);
  if (description.ttl > 0) out << '/' << description.ttl;
  out << "\r\n"
      << "t=0 0\r\n"
      << "a=tool:Interlude\r\n"
      << "a=type:broadcast\r\n"
      << "a=recvonly\r\n"
      << "m=video " << description.port << (rtp ? " RTP/AVP 33" : " udp 33") << "\r\n";
  if (rtp) out << "a=rtpmap:33 MP2T/90000\r\n";
  return out.str();
}

}  // namespace interlude::streaming::multicast
