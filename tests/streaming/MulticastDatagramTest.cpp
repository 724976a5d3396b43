#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <vector>

#include "multicast/Datagram.h"

using interlude::streaming::multicast::RtpSequence;
using interlude::streaming::multicast::tsPayloadOf;
using interlude::streaming::multicast::videoRandomAccessIn;

namespace {

// Two TS packets' worth of bytes: a sync byte, then a counter.
std::vector<std::uint8_t> tsBytes(std::size_t size = 376) {
  std::vector<std::uint8_t> bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(i);
  bytes[0] = 0x47;
  return bytes;
}

std::vector<std::uint8_t> rtp(std::uint8_t first, std::uint16_t sequence,
                              const std::vector<std::uint8_t>& between,
                              const std::vector<std::uint8_t>& payload,
                              const std::vector<std::uint8_t>& padding = {}) {
  std::vector<std::uint8_t> packet{first,
                                   33,
                                   static_cast<std::uint8_t>(sequence >> 8),
                                   static_cast<std::uint8_t>(sequence),
                                   0,
                                   0,
                                   0,
                                   1,
                                   0xde,
                                   0xad,
                                   0xbe,
                                   0xef};
  // Byte by byte: GCC 12 warns (array-bounds) on inserting ranges into a 12-byte vector.
  for (const auto* part : {&between, &payload, &padding})
    for (const auto byte : *part) packet.push_back(byte);
  return packet;
}

// A TS packet: PUSI set, an adaptation field with `flags`, then a PES start with `streamId`.
std::vector<std::uint8_t> tsPacket(bool unitStart, std::uint8_t flags, std::uint8_t streamId) {
  std::vector<std::uint8_t> packet(188, 0xff);
  packet[0] = 0x47;
  packet[1] = unitStart ? 0x41 : 0x01;  // PID 0x100
  packet[2] = 0x00;
  packet[3] = 0x30;  // adaptation field and payload
  packet[4] = 7;     // adaptation field length
  packet[5] = flags;
  const std::size_t pes = 5 + 7;
  packet[pes] = 0;
  packet[pes + 1] = 0;
  packet[pes + 2] = 1;
  packet[pes + 3] = streamId;
  return packet;
}

std::vector<std::uint8_t> joined(const std::vector<std::vector<std::uint8_t>>& packets) {
  std::vector<std::uint8_t> ts;
  for (const auto& packet : packets)
    for (const auto byte : packet) ts.push_back(byte);
  return ts;
}

bool same(std::span<const std::uint8_t> a, const std::vector<std::uint8_t>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(multicast_datagram)

BOOST_AUTO_TEST_CASE(raw_transport_stream_is_taken_whole) {
  const auto ts = tsBytes(1316);
  const auto payload = tsPayloadOf(ts);
  BOOST_REQUIRE(payload);
  BOOST_TEST(same(payload->bytes, ts));
  BOOST_TEST(!payload->rtpSequence);
}

BOOST_AUTO_TEST_CASE(rtp_fixed_header_is_stripped) {
  const auto ts = tsBytes();
  const auto packet = rtp(0x80, 4242, {}, ts);  // the payload points into it
  const auto payload = tsPayloadOf(packet);
  BOOST_REQUIRE(payload);
  BOOST_TEST(same(payload->bytes, ts));
  BOOST_TEST(*payload->rtpSequence == 4242);
}

BOOST_AUTO_TEST_CASE(rtp_csrc_list_is_stripped) {
  const auto ts = tsBytes();
  const auto packet =
      rtp(0x82, 1, std::vector<std::uint8_t>(8, 0xcc), ts);  // the payload points into it
  const auto payload = tsPayloadOf(packet);
  BOOST_REQUIRE(payload);
  BOOST_TEST(same(payload->bytes, ts));
}

BOOST_AUTO_TEST_CASE(rtp_header_extension_is_stripped) {
  const auto ts = tsBytes();
  // Profile 0xbede, 2 words of extension data.
  const std::vector<std::uint8_t> extension{0xbe, 0xde, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8};
  const auto packet = rtp(0x90, 1, extension, ts);  // the payload points into it
  const auto payload = tsPayloadOf(packet);
  BOOST_REQUIRE(payload);
  BOOST_TEST(same(payload->bytes, ts));
}

BOOST_AUTO_TEST_CASE(rtp_padding_is_stripped) {
  const auto ts = tsBytes();
  const auto packet = rtp(0xa0, 1, {}, ts, {0, 0, 3});  // the payload points into it
  const auto payload = tsPayloadOf(packet);
  BOOST_REQUIRE(payload);
  BOOST_TEST(same(payload->bytes, ts));
}

BOOST_AUTO_TEST_CASE(neither_ts_nor_rtp_is_refused) {
  BOOST_TEST(!tsPayloadOf({}));
  const std::vector<std::uint8_t> text{'H', 'E', 'L', 'L', 'O', ' ', 'W', 'O', 'R', 'L', 'D', '!'};
  BOOST_TEST(!tsPayloadOf(text));  // version bits 01
  const std::vector<std::uint8_t> shortRtp{0x80, 33, 0, 1, 0, 0};
  BOOST_TEST(!tsPayloadOf(shortRtp));
}

BOOST_AUTO_TEST_CASE(truncated_rtp_headers_are_refused) {
  // Four CSRCs announced, none there.
  BOOST_TEST(!tsPayloadOf(rtp(0x84, 1, {}, {})));
  // An extension that claims more words than the packet has.
  BOOST_TEST(!tsPayloadOf(rtp(0x90, 1, {0xbe, 0xde, 0, 9}, {})));
  // Padding longer than the packet, and a padding count of zero.
  BOOST_TEST(!tsPayloadOf(rtp(0xa0, 1, {}, {}, {200})));
  BOOST_TEST(!tsPayloadOf(rtp(0xa0, 1, {}, tsBytes(), {0})));
}

BOOST_AUTO_TEST_CASE(a_video_key_frame_is_found_by_its_packet) {
  const auto ts =
      joined({tsPacket(true, 0x00, 0xe0), tsPacket(true, 0x40, 0xe0), tsPacket(true, 0x40, 0xe0)});
  BOOST_REQUIRE(videoRandomAccessIn(ts));
  BOOST_TEST(*videoRandomAccessIn(ts) == 188u);
}

BOOST_AUTO_TEST_CASE(audio_and_continuation_packets_are_no_key_frames) {
  // Random access flagged on an audio PES (FFmpeg flags every audio frame),
  // and on a packet that starts no PES.
  const auto ts = joined({tsPacket(true, 0x40, 0xc0), tsPacket(false, 0x40, 0xe0)});
  BOOST_TEST(!videoRandomAccessIn(ts));
  BOOST_TEST(!videoRandomAccessIn({}));
}

BOOST_AUTO_TEST_CASE(rtp_gaps_are_counted) {
  RtpSequence sequence;
  BOOST_TEST(sequence.missingBefore(10) == 0u);
  BOOST_TEST(sequence.missingBefore(11) == 0u);
  BOOST_TEST(sequence.missingBefore(14) == 2u);
}

BOOST_AUTO_TEST_CASE(rtp_sequence_wraps) {
  RtpSequence sequence;
  sequence.missingBefore(65534);
  BOOST_TEST(sequence.missingBefore(65535) == 0u);
  BOOST_TEST(sequence.missingBefore(1) == 1u);  // 0 missing
}

BOOST_AUTO_TEST_CASE(late_and_repeated_rtp_packets_count_nothing) {
  RtpSequence sequence;
  sequence.missingBefore(100);
  BOOST_TEST(sequence.missingBefore(100) == 0u);
  BOOST_TEST(sequence.missingBefore(98) == 0u);
  // The late one did not move the count back: 101 follows 100.
  BOOST_TEST(sequence.missingBefore(101) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
