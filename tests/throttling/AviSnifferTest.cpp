// AVI: the fixture against ffprobe's figures, and patched copies for OpenDML's
// frame count, a missing idx1 and strh rates of zero (avih's frame count).
// Offsets are the fixture's: hdrl at 12, its streams' strh at 100 and 4428,
// a hdrl-level JUNK at 8658 and idx1 last.
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

constexpr std::size_t kVideoStrh = 100;
constexpr std::size_t kAudioStrh = 4428;
constexpr std::size_t kHdrlJunk = 8658;

ByteVector avi() {
  auto file = readFixture("avi-mpeg4-mp3-2s.avi");
  BOOST_REQUIRE(std::string(file.begin() + kVideoStrh, file.begin() + kVideoStrh + 4) == "strh");
  BOOST_REQUIRE(std::string(file.begin() + kAudioStrh, file.begin() + kAudioStrh + 4) == "strh");
  BOOST_REQUIRE(std::string(file.begin() + kHdrlJunk, file.begin() + kHdrlJunk + 4) == "JUNK");
  return file;
}

// Replaces the 268-byte hdrl-level JUNK with a LIST odml of the same size
// whose dmlh counts `frames`.
ByteVector withOpenDmlFrames(std::uint32_t frames) {
  auto file = avi();
  ByteVector odml;
  appendText(odml, "LIST");
  appendLe(odml, 260, 4);
  appendText(odml, "odmldmlh");
  appendLe(odml, 248, 4);
  appendLe(odml, frames, 4);
  odml.resize(268);
  std::copy(odml.begin(), odml.end(), file.begin() + kHdrlJunk);
  return file;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(avi_sniffer)

BOOST_AUTO_TEST_CASE(probe_needs_riff_and_avi) {
  auto file = avi();
  BOOST_TEST(probeAvi(file));
  file[8] = 'W';  // "WVI ": another RIFF form
  BOOST_TEST(!probeAvi(file));
}

BOOST_AUTO_TEST_CASE(fixture_matches_ffprobe) {
  const auto info = sniffBytes(avi());
  BOOST_TEST(info.container == "avi");
  BOOST_TEST(info.durationSeconds == 2.04, tt::tolerance(1e-9));  // ffprobe format.duration
  BOOST_TEST(info.bitrate == 507560u);                            // ffprobe format.bit_rate
  BOOST_TEST(info.method == "strh stream lengths, file size, idx1 sizes");
  BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
  BOOST_TEST(info.streams[0].kind == "video");
  BOOST_TEST(info.streams[0].codec == "FMP4");
  BOOST_TEST(info.streams[0].bitrate.value_or(0) == 334784u);  // ffprobe, from the index
  BOOST_TEST(info.streams[1].kind == "audio");
  BOOST_TEST(info.streams[1].codec == "mp3");
  BOOST_TEST(info.streams[1].bitrate.value_or(0) == 128000u);
}

BOOST_AUTO_TEST_CASE(opendml_frame_count_extends_the_video) {
  const auto info = sniffBytes(withOpenDmlFrames(100));
  BOOST_TEST(info.known(), info.reason);
  BOOST_TEST(info.durationSeconds == 4.0, tt::tolerance(1e-9));  // 100 frames at 25/s
  BOOST_TEST(info.method == "strh stream lengths, OpenDML frame count, file size, idx1 sizes");
}

BOOST_AUTO_TEST_CASE(without_idx1_video_has_no_rate) {
  auto file = avi();
  const auto idx1 = file.size() - 8 - 2064;
  BOOST_REQUIRE(std::string(file.begin() + idx1, file.begin() + idx1 + 4) == "idx1");
  std::copy_n("JUNK", 4, file.begin() + idx1);
  const auto info = sniffBytes(file);
  BOOST_TEST(info.durationSeconds == 2.04, tt::tolerance(1e-9));
  BOOST_TEST(info.method == "strh stream lengths, file size");
  BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
  BOOST_TEST(!info.streams[0].bitrate.has_value());
  BOOST_TEST(info.streams[1].bitrate.value_or(0) == 128000u);
}

BOOST_AUTO_TEST_CASE(without_stream_rates_avih_gives_the_duration) {
  auto file = avi();
  putLe(file, kVideoStrh + 8 + 24, 0, 4);  // dwRate
  putLe(file, kAudioStrh + 8 + 24, 0, 4);
  const auto info = sniffBytes(file);
  BOOST_TEST(info.durationSeconds == 2.04, tt::tolerance(1e-9));  // 51 frames of 40 ms
  BOOST_TEST(info.method == "avih frame duration and count, file size, idx1 sizes");
}

BOOST_AUTO_TEST_CASE(a_file_cut_inside_hdrl_is_unknown) {
  auto file = avi();
  file.resize(5000);
  const auto info = sniffBytes(file);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.container == "avi");
  BOOST_TEST(info.reason.find("truncated") != std::string::npos, info.reason);
}

BOOST_AUTO_TEST_SUITE_END()
