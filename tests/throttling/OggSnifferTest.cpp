// Ogg: the fixtures against ffprobe; crafted pages for a stream whose last
// page is followed by another stream's.
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

constexpr std::uint32_t kSerial = 0x1234;

// One page holding one packet of under 255 bytes (the CRC is left at 0:
// sniffers do not check it).
void appendPage(ByteVector& out, std::uint8_t flags, std::uint64_t granule, std::uint32_t serial,
                const ByteVector& packet) {
  appendText(out, "OggS");
  out.push_back(0);
  out.push_back(flags);
  appendLe(out, granule, 8);
  appendLe(out, serial, 4);
  appendLe(out, 0, 4);  // sequence number
  appendLe(out, 0, 4);  // CRC
  out.push_back(1);
  out.push_back(static_cast<std::uint8_t>(packet.size()));
  append(out, packet);
}

ByteVector vorbisIdentification(std::uint32_t sampleRate) {
  ByteVector packet;
  appendText(packet, "\x01vorbis");
  appendLe(packet, 0, 4);  // version
  packet.push_back(2);     // channels
  appendLe(packet, sampleRate, 4);
  appendLe(packet, 0, 4);      // maximum bitrate
  appendLe(packet, 96000, 4);  // nominal bitrate
  appendLe(packet, 0, 4);      // minimum bitrate
  packet.insert(packet.end(), {0xB8, 0x01});
  return packet;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ogg_sniffer)

BOOST_AUTO_TEST_CASE(vorbis_fixture_matches_ffprobe) {
  // ffprobe: duration 1.000000, format.bit_rate 43136, stream bit_rate 86000 (nominal).
  const auto info = sniffBytes(readFixture("ogg-vorbis-1s.ogg"));
  BOOST_TEST(info.container == "ogg");
  BOOST_TEST(info.durationSeconds == 1.0, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == 43136u);
  BOOST_TEST(info.streams.at(0).codec == "vorbis");
  BOOST_TEST(info.streams.at(0).bitrate.value_or(0) == 86000u);
  BOOST_TEST(info.method == "last granule position, file size");
}

BOOST_AUTO_TEST_CASE(opus_pre_skip_is_not_played) {
  // Last granule 96312 with a pre-skip of 312: 2.0 s played. ffprobe 5.1 says
  // 2.006500 s (it keeps the pre-skip) and 56604 bit/s.
  const auto info = sniffBytes(readFixture("opus-2s.opus"));
  BOOST_TEST(info.durationSeconds == 2.0, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == 14197u * 8 / 2);
  BOOST_TEST(info.streams.at(0).codec == "opus");
  BOOST_TEST(info.method == "last granule position less Opus pre-skip, file size");
}

BOOST_AUTO_TEST_CASE(last_page_of_the_same_stream_counts) {
  ByteVector bytes;
  appendPage(bytes, 0x02, 0, kSerial, vorbisIdentification(8000));
  appendPage(bytes, 0x00, 8000, kSerial, ByteVector(200, 0x11));
  appendPage(bytes, 0x04, 24000, kSerial, ByteVector(200, 0x11));      // 3 s
  appendPage(bytes, 0x00, ~0ull, kSerial, ByteVector(10, 0x11));       // no granule
  appendPage(bytes, 0x04, 999999, kSerial + 1, ByteVector(10, 0x22));  // another stream
  const auto info = sniffBytes(bytes);
  BOOST_TEST(info.durationSeconds == 3.0, tt::tolerance(1e-9));
  BOOST_TEST(info.streams.size() == 1u);
}

BOOST_AUTO_TEST_CASE(unknown_codec_is_unknown) {
  ByteVector bytes;
  appendPage(bytes, 0x02, 0, kSerial, ByteVector(30, 'z'));
  appendPage(bytes, 0x04, 1000, kSerial, ByteVector(30, 'z'));
  const auto info = sniffBytes(bytes);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.reason == "no Vorbis, Opus, FLAC or Theora stream");
}

BOOST_AUTO_TEST_SUITE_END()
