// FLAC: the fixture against ffprobe; crafted STREAMINFO blocks, behind an
// ID3v2 tag and without a sample count.
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

ByteVector flac(std::uint32_t sampleRate, std::uint64_t samples) {
  ByteVector out;
  appendText(out, "fLaC");
  appendBe(out, 0x80000022, 4);  // last block, STREAMINFO, 34 bytes
  appendBe(out, 4096, 2);        // min and max block size
  appendBe(out, 4096, 2);
  appendBe(out, 0, 6);  // min and max frame size
  // 20 bits of rate, 3 of channels - 1 (stereo), 5 of bits - 1 (16), 36 of samples.
  appendBe(out, (std::uint64_t{sampleRate} << 44) | (1ull << 41) | (15ull << 36) | samples, 8);
  out.resize(out.size() + 16, 0);  // MD5
  out.resize(out.size() + 10000, 0x55);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(flac_sniffer)

BOOST_AUTO_TEST_CASE(fixture_matches_ffprobe) {
  // ffprobe: duration 1.000000, format.bit_rate 162680.
  const auto info = sniffBytes(readFixture("flac-1s.flac"));
  BOOST_TEST(info.container == "flac");
  BOOST_TEST(info.durationSeconds == 1.0, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == 162680u);
  BOOST_TEST(info.method == "STREAMINFO samples, file size");
}

BOOST_AUTO_TEST_CASE(streaminfo_after_an_id3v2_tag) {
  ByteVector bytes;
  appendText(bytes, "ID3");
  bytes.insert(bytes.end(), {3, 0, 0, 0, 0, 0, 20});
  bytes.resize(30, 0);
  append(bytes, flac(96000, 96000 * 90));
  const auto info = sniffBytes(bytes);
  BOOST_TEST(info.container == "flac");
  BOOST_TEST(info.durationSeconds == 90.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(unknown_sample_count_is_unknown) {
  const auto info = sniffBytes(flac(44100, 0));
  BOOST_TEST(!info.known());
  BOOST_TEST(info.reason == "STREAMINFO does not give the number of samples");
}

BOOST_AUTO_TEST_SUITE_END()
