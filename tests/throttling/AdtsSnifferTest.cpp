// ADTS AAC: the duration is ffmpeg's estimate from the first 50 frames'
// average bitrate; the fixture against ffprobe, and crafted frames showing
// that later frames do not count and that an ID3v2 tag is skipped.
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

// An AAC-LC frame at 44.1 kHz, stereo, no CRC, of `length` bytes.
ByteVector adtsFrame(std::uint32_t length) {
  ByteVector out(length, 0x21);
  // Sync, MPEG-4, no CRC; LC, 44.1 kHz, 2 channels; the 13-bit length; buffer fullness 0x7FF.
  putBe(out, 0, 0xFFF15080, 4);
  putBe(out, 4, (std::uint64_t{length} << 13) | 0x1FFC, 3);
  return out;
}

ByteVector adtsFrames(int small, int large) {
  ByteVector out;
  for (int i = 0; i < small; ++i) append(out, adtsFrame(200));
  for (int i = 0; i < large; ++i) append(out, adtsFrame(400));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(adts_sniffer)

BOOST_AUTO_TEST_CASE(fixture_matches_ffprobe) {
  // ffprobe: duration 1.044863, bit_rate 67048 (all 45 frames averaged).
  const auto info = sniffBytes(readFixture("aac-adts-1s.aac"));
  BOOST_TEST(info.container == "aac");
  BOOST_TEST(info.durationSeconds == 1.044863, tt::tolerance(1e-6));
  BOOST_TEST(info.bitrate == 67048u);
  BOOST_TEST(info.streams.at(0).bitrate.value_or(0) == 67048u);
  BOOST_TEST(info.method == "average bitrate of the first 45 frames, file size");
}

BOOST_AUTO_TEST_CASE(only_the_first_50_frames_set_the_bitrate) {
  const auto bytes = adtsFrames(50, 30);
  const auto info = sniffBytes(bytes);
  const std::uint64_t average = 200 * 8 * 44100 / 1024;  // 68906
  BOOST_TEST(info.streams.at(0).bitrate.value_or(0) == average);
  BOOST_TEST(info.durationSeconds == bytes.size() * 8.0 / average, tt::tolerance(1e-9));
  BOOST_TEST(info.method == "average bitrate of the first 50 frames, file size");
}

BOOST_AUTO_TEST_CASE(id3v2_tag_is_skipped) {
  ByteVector bytes;
  appendText(bytes, "ID3");
  bytes.insert(bytes.end(), {3, 0, 0, 0, 0, 0, 90});
  bytes.resize(100, 0);
  append(bytes, adtsFrames(10, 0));
  const auto info = sniffBytes(bytes);
  BOOST_TEST(info.container == "aac");
  BOOST_TEST(info.durationSeconds == 2000 * 8 / 68906.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(mpeg_audio_frames_are_not_adts) {
  ByteVector bytes;
  for (int i = 0; i < 5; ++i) {
    bytes.insert(bytes.end(), {0xFF, 0xFB, 0x90, 0x00});
    bytes.resize(bytes.size() + 413, 0);
  }
  BOOST_TEST(!probeAdts(bytes));
  BOOST_TEST(probeAdts(adtsFrames(5, 0)));
}

BOOST_AUTO_TEST_SUITE_END()
