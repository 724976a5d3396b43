#include <boost/test/unit_test.hpp>
#include <string>

#include "multicast/Sdp.h"

using interlude::streaming::multicast::SdpDescription;
using interlude::streaming::multicast::Transport;
using interlude::streaming::multicast::writeSdp;

namespace {

SdpDescription channel(Transport transport) {
  return {"channel1", "192.0.2.10", 3900000000, 2, "239.1.2.3", 5004, 16, transport};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(multicast_sdp)

BOOST_AUTO_TEST_CASE(raw_udp_group_is_announced_as_mp2t) {
  BOOST_TEST(writeSdp(channel(Transport::Udp)) ==
             "v=0\r\n"
             "o=- 3900000000 2 IN IP4 192.0.2.10\r\n"
             "s=channel1\r\n"
             "c=IN IP4 239.1.2.3/16\r\n"
             "t=0 0\r\n"
             "a=tool:Interlude\r\n"
             "a=type:broadcast\r\n"
             "a=recvonly\r\n"
             "m=video 5004 udp 33\r\n");
}

BOOST_AUTO_TEST_CASE(rtp_group_gets_avp_33_and_its_rtpmap) {
  const auto sdp = writeSdp(channel(Transport::Rtp));
  BOOST_TEST(sdp.find("m=video 5004 RTP/AVP 33\r\na=rtpmap:33 MP2T/90000\r\n") !=
             std::string::npos);
  BOOST_TEST(sdp.ends_with("a=rtpmap:33 MP2T/90000\r\n"));
}

BOOST_AUTO_TEST_CASE(unicast_address_has_no_ttl) {
  auto description = channel(Transport::Udp);
  description.group = "127.0.0.1";
  description.ttl = 0;
  BOOST_TEST(writeSdp(description).find("c=IN IP4 127.0.0.1\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(line_breaks_in_names_cannot_add_lines) {
  auto description = channel(Transport::Udp);
  description.sessionName = "evil\r\na=injected";
  const auto sdp = writeSdp(description);
  BOOST_TEST(sdp.find("s=evil  a=injected\r\n") != std::string::npos);
  BOOST_TEST(sdp.find("\r\na=injected") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(empty_session_name_is_a_dash) {
  auto description = channel(Transport::Udp);
  description.sessionName.clear();
  BOOST_TEST(writeSdp(description).find("\r\ns=-\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
