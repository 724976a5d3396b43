// RealMedia: the fixture against ffprobe's figures (RealVideo 1 and a
// version 4 RealAudio header), the MDPR durations when PROP has none, and
// files without PROP or cut short. Offsets are the fixture's: PROP at 18,
// the video MDPR at 86.
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

constexpr std::size_t kProp = 18;
constexpr std::size_t kVideoMdpr = 86;

ByteVector rm() {
  auto file = readFixture("rm-rv10-ra144-2s.rm");
  BOOST_REQUIRE(std::string(file.begin() + kProp, file.begin() + kProp + 4) == "PROP");
  BOOST_REQUIRE(std::string(file.begin() + kVideoMdpr, file.begin() + kVideoMdpr + 4) == "MDPR");
  return file;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(realmedia_sniffer)

BOOST_AUTO_TEST_CASE(probe_reads_the_rmf_signature) {
  auto file = rm();
  BOOST_TEST(probeRealMedia(file));
  file[1] = 'X';
  BOOST_TEST(!probeRealMedia(file));
}

BOOST_AUTO_TEST_CASE(fixture_matches_ffprobe) {
  const auto info = sniffBytes(rm());
  BOOST_TEST(info.container == "rm");
  BOOST_TEST(info.durationSeconds == 2.0, tt::tolerance(1e-9));  // ffprobe format.duration
  // ffprobe format.bit_rate: the file size over the duration, not PROP's 308 kbit/s.
  BOOST_TEST(info.bitrate == 377920u);
  BOOST_TEST(info.method == "PROP duration, file size");
  BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
  BOOST_TEST(info.streams[0].kind == "video");
  BOOST_TEST(info.streams[0].codec == "RV10");
  BOOST_TEST(info.streams[0].bitrate.value_or(0) == 300000u);
  BOOST_TEST(info.streams[1].kind == "audio");
  BOOST_TEST(info.streams[1].codec == "lpcJ");
  BOOST_TEST(info.streams[1].bitrate.value_or(0) == 8000u);
}

BOOST_AUTO_TEST_CASE(without_a_prop_duration_the_longest_stream_counts) {
  auto file = rm();
  putBe(file, kProp + 30, 0, 4);
  putBe(file, kVideoMdpr + 36, 3000, 4);
  const auto info = sniffBytes(file);
  BOOST_TEST(info.known(), info.reason);
  BOOST_TEST(info.durationSeconds == 3.0, tt::tolerance(1e-9));
  BOOST_TEST(info.method == "longest MDPR duration, file size");
}

BOOST_AUTO_TEST_CASE(a_file_without_prop_is_unknown) {
  auto file = rm();
  std::copy_n("XXXX", 4, file.begin() + kProp);
  const auto info = sniffBytes(file);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.reason == "no PROP chunk");
}

BOOST_AUTO_TEST_CASE(a_file_cut_inside_an_mdpr_is_unknown) {
  auto file = rm();
  file.resize(kVideoMdpr + 40);
  const auto info = sniffBytes(file);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.container == "rm");
  BOOST_TEST(info.reason.find("truncated") != std::string::npos, info.reason);
}

BOOST_AUTO_TEST_SUITE_END()
