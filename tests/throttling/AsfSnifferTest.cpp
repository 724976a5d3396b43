// ASF: the WMV fixture against ffprobe's figures (its duration includes the
// video stream's later start, read from the first data packets), a Stream
// Bitrate Properties object added to the header, and the headers libavformat
// does not take a duration from (broadcast, wrong file size).
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

const ByteVector kFilePropertiesGuid{0xa1, 0xdc, 0xab, 0x8c, 0x47, 0xa9, 0xcf, 0x11,
                                     0x8e, 0xe4, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65};
const ByteVector kStreamBitratePropertiesGuid{0xce, 0x75, 0xf8, 0x7b, 0x8d, 0x46, 0xd1, 0x11,
                                              0x8d, 0x82, 0x00, 0x60, 0x97, 0xc9, 0xa2, 0xb2};

const ByteVector kHeaderExtensionGuid{0xb5, 0x03, 0xbf, 0x5f, 0x2e, 0xa9, 0xcf, 0x11,
                                      0x8e, 0xe3, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65};

ByteVector wmv() { return readFixture("asf-wmv2-wmav2-2s.wmv"); }

std::size_t guidAt(const ByteVector& file, const ByteVector& guid) {
  const auto found = std::search(file.begin(), file.end(), guid.begin(), guid.end());
  BOOST_REQUIRE(found != file.end());
  return static_cast<std::size_t>(found - file.begin());
}

void growLe(ByteVector& file, std::size_t at, int width, std::uint64_t by) {
  std::uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) value = value << 8 | file.at(at + i);
  putLe(file, at, value + by, width);
}

// The fixture with a Stream Bitrate Properties object (stream 1, the video,
// 500 kbit/s; stream 2, the audio, 70 kbit/s) at the end of the header
// object, or of the Header Extension object inside it.
ByteVector withStreamBitrates(bool inHeaderExtension) {
  auto file = wmv();
  ByteVector object = kStreamBitratePropertiesGuid;
  appendLe(object, 24 + 2 + 2 * 6, 8);
  appendLe(object, 2, 2);
  for (const auto& [stream, rate] : {std::pair{1, 500000}, std::pair{2, 70000}}) {
    appendLe(object, stream, 2);
    appendLe(object, rate, 4);
  }
  std::size_t insertAt = file[16] | file[17] << 8 | file[18] << 16;  // the header's end
  if (inHeaderExtension) {
    const auto extension = guidAt(file, kHeaderExtensionGuid);
    insertAt = extension + (file[extension + 16] | file[extension + 17] << 8);
    growLe(file, extension + 16, 8, object.size());  // object size
    growLe(file, extension + 42, 4, object.size());  // extension data size
  } else {
    growLe(file, 24, 4, 1);  // header object count
  }
  file.insert(file.begin() + static_cast<std::ptrdiff_t>(insertAt), object.begin(), object.end());
  growLe(file, 16, 8, object.size());                                      // header object size
  growLe(file, guidAt(file, kFilePropertiesGuid) + 40, 8, object.size());  // file size
  return file;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(asf_sniffer)

BOOST_AUTO_TEST_CASE(probe_reads_the_header_object_guid) {
  auto file = wmv();
  BOOST_TEST(probeAsf(file));
  file[3] ^= 0xff;
  BOOST_TEST(!probeAsf(file));
}

BOOST_AUTO_TEST_CASE(fixture_matches_ffprobe) {
  const auto info = sniffBytes(wmv());
  BOOST_TEST(info.container == "asf");
  // Play duration - preroll is 2.046 s; the video starts 46 ms after the audio.
  BOOST_TEST(info.durationSeconds == 2.092, tt::tolerance(1e-9));  // ffprobe format.duration
  BOOST_TEST(info.bitrate == 444003u);                             // ffprobe format.bit_rate
  BOOST_TEST(info.method == "play duration - preroll, first packet times, file size");
  BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
  BOOST_TEST(info.streams[0].kind == "video");
  BOOST_TEST(info.streams[0].codec == "WMV2");
  BOOST_TEST(!info.streams[0].bitrate.has_value());  // ffprobe: N/A
  BOOST_TEST(info.streams[1].kind == "audio");
  BOOST_TEST(info.streams[1].codec == "wmav2");
  BOOST_TEST(info.streams[1].bitrate.value_or(0) == 64000u);
}

BOOST_AUTO_TEST_CASE(stream_bitrate_properties_give_stream_rates) {
  for (const bool inHeaderExtension : {false, true}) {
    BOOST_TEST_CONTEXT("in the header extension: " << inHeaderExtension) {
      const auto info = sniffBytes(withStreamBitrates(inHeaderExtension));
      BOOST_TEST(info.known(), info.reason);
      BOOST_TEST(info.durationSeconds == 2.092, tt::tolerance(1e-9));
      BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
      BOOST_TEST(info.streams[0].bitrate.value_or(0) == 500000u);
      // The audio's WAVEFORMATEX rate comes first, as in libavformat.
      BOOST_TEST(info.streams[1].bitrate.value_or(0) == 64000u);
    }
  }
}

BOOST_AUTO_TEST_CASE(broadcast_headers_fall_back_on_the_sum_of_stream_rates) {
  auto file = withStreamBitrates(false);
  file[guidAt(file, kFilePropertiesGuid) + 88] |=
      1;  // broadcast flag: play duration not meaningful
  const auto info = sniffBytes(file);
  BOOST_TEST(info.known(), info.reason);
  BOOST_TEST(info.bitrate == 564000u);
  BOOST_TEST(info.durationSeconds == file.size() * 8 / 564000.0, tt::tolerance(1e-9));
  BOOST_TEST(info.method == "sum of stream bit rates, file size");
}

BOOST_AUTO_TEST_CASE(a_wrong_file_size_without_stream_rates_is_unknown) {
  auto file = wmv();
  putLe(file, guidAt(file, kFilePropertiesGuid) + 40, file.size() * 2, 8);
  const auto info = sniffBytes(file);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.reason == "no usable duration nor bit rates");
}

BOOST_AUTO_TEST_CASE(a_truncated_header_is_unknown) {
  auto file = wmv();
  file.resize(400);
  const auto info = sniffBytes(file);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.container == "asf");
  BOOST_TEST(info.reason.find("truncated") != std::string::npos, info.reason);
}

BOOST_AUTO_TEST_SUITE_END()
