// MP3: the fixtures against ffprobe's figures; crafted files for a VBRI header
// (ffmpeg cannot write one), ID3v2 tags (with a footer) and an ID3v1 tag.
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Id3v2.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 417 bytes, 1152 samples.
constexpr std::size_t kFrameLength = 417;

ByteVector frame() {
  ByteVector out(kFrameLength, 0);
  putBe(out, 0, 0xFFFB9000, 4);
  return out;
}

ByteVector frames(int count) {
  ByteVector out;
  for (int i = 0; i < count; ++i) append(out, frame());
  return out;
}

// 0xFF bytes in the body look like frame syncs.
ByteVector id3v2Tag(std::uint32_t bodySize, bool footer) {
  ByteVector tag(10 + bodySize + (footer ? 10 : 0), 0xFF);
  putBe(tag, 0, 0x49443304, 4);  // "ID3", version 4
  putBe(tag, 4, 0, 1);           // revision
  putBe(tag, 5, footer ? 0x10 : 0, 1);
  for (int i = 0; i < 4; ++i) putBe(tag, 6 + i, (bodySize >> (21 - 7 * i)) & 0x7F, 1);
  if (footer) putBe(tag, 10 + bodySize, 0x33444904, 4);  // "3DI", version 4
  return tag;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mp3_sniffer)

BOOST_AUTO_TEST_CASE(cbr_fixture_matches_ffprobe) {
  // ffprobe: duration 1.071020, format.bit_rate 33694 (LAME's Info frame: 41 frames of 576
  // samples).
  const auto info = sniffBytes(readFixture("mp3-cbr-32k-1s.mp3"));
  BOOST_TEST(info.container == "mp3");
  BOOST_TEST(info.durationSeconds == 1.071020, tt::tolerance(1e-6));
  BOOST_TEST(info.bitrate == 33694u);
  BOOST_TEST(info.method == "Info frame count, file size");
  BOOST_REQUIRE_EQUAL(info.streams.size(), 1u);
  BOOST_TEST(info.streams[0].codec == "mp3");
}

BOOST_AUTO_TEST_CASE(vbr_fixture_matches_ffprobe) {
  // ffprobe: duration 2.037551, format.bit_rate 41740, stream bit_rate 41564 (Xing bytes).
  const auto info = sniffBytes(readFixture("mp3-vbr-2s.mp3"));
  BOOST_TEST(info.durationSeconds == 2.037551, tt::tolerance(1e-6));
  BOOST_TEST(info.bitrate == 41740u);
  BOOST_TEST(info.method == "Xing frame count, file size");
  BOOST_TEST(info.streams.at(0).bitrate.value_or(0) == 41564u);
}

BOOST_AUTO_TEST_CASE(vbri_header_gives_the_frame_count) {
  auto bytes = frames(3);
  // VBRI sits 32 bytes after the header: version, delay, quality, bytes, frames.
  putBe(bytes, 36, 0x56425249, 4);  // "VBRI"
  putBe(bytes, 36 + 10, 2000000, 4);
  putBe(bytes, 36 + 14, 1000, 4);
  const auto info = sniffBytes(bytes);
  BOOST_TEST(info.container == "mp3");
  BOOST_TEST(info.durationSeconds == 1000 * 1152 / 44100.0, tt::tolerance(1e-9));
  BOOST_TEST(info.method == "VBRI frame count, file size");
  BOOST_TEST(info.streams.at(0).bitrate.value_or(0) == 612500u);  // 2000000 bytes over 26.12 s
}

BOOST_AUTO_TEST_CASE(cbr_duration_excludes_id3v2_and_id3v1_tags) {
  auto bytes = id3v2Tag(6000, false);  // longer than the probe's 4 KiB
  append(bytes, frames(10));
  appendText(bytes, "TAG");
  bytes.resize(bytes.size() + 125, ' ');
  const auto info = sniffBytes(bytes);
  BOOST_TEST(info.container == "mp3");
  BOOST_TEST(info.durationSeconds == 10 * kFrameLength * 8 / 128000.0, tt::tolerance(1e-9));
  BOOST_TEST(info.method == "first frame bitrate, audio size");
  BOOST_TEST(info.streams.at(0).bitrate.value_or(0) == 128000u);
}

BOOST_AUTO_TEST_CASE(id3v2_footer_counts_in_the_tag_length) {
  BOOST_TEST(id3v2Length(id3v2Tag(100, true)) == 120u);
  BOOST_TEST(id3v2Length(id3v2Tag(100, false)) == 110u);
  auto bytes = id3v2Tag(100, true);
  BOOST_TEST(afterId3v2(std::span<const std::uint8_t>(bytes)) == 120u);
  bytes[7] = 0x80;  // a size byte that is not syncsafe: no tag
  BOOST_TEST(id3v2Length(bytes) == 0u);
}

BOOST_AUTO_TEST_CASE(one_lone_frame_header_is_not_mp3) {
  ByteVector bytes(4096, 0x00);
  putBe(bytes, 100, 0xFFFB9000, 4);
  BOOST_TEST(!probeMp3(bytes));
  std::copy_n(frames(3).begin(), 3 * kFrameLength, bytes.begin() + 100);
  BOOST_TEST(probeMp3(bytes));
}

BOOST_AUTO_TEST_SUITE_END()
