// FLV: the fixture against ffprobe's figures, and crafted files for what the
// fixture does not show: nested onMetaData values, no onMetaData (duration
// from the last tag's timestamp, read back from the end of the file), extended
// timestamps, and metadata that cannot be read.
#include <bit>
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

constexpr std::uint8_t kAudio = 8, kVideo = 9, kScript = 18;

ByteVector flvHeader() {
  ByteVector out{'F', 'L', 'V', 1, 0x05};  // version 1, audio and video
  appendBe(out, 9, 4);                     // header size
  appendBe(out, 0, 4);                     // PreviousTagSize0
  return out;
}

void appendTag(ByteVector& out, std::uint8_t type, std::uint32_t timestampMs,
               const ByteVector& data) {
  out.push_back(type);
  appendBe(out, data.size(), 3);
  appendBe(out, timestampMs & 0xffffff, 3);
  out.push_back(static_cast<std::uint8_t>(timestampMs >> 24));
  appendBe(out, 0, 3);  // stream id
  append(out, data);
  appendBe(out, 11 + data.size(), 4);  // PreviousTagSize
}

void amfName(ByteVector& out, std::string_view name) {
  appendBe(out, name.size(), 2);
  appendText(out, name);
}

void amfNumber(ByteVector& out, std::string_view name, double value) {
  amfName(out, name);
  out.push_back(0);
  appendBe(out, std::bit_cast<std::uint64_t>(value), 8);
}

// Sorenson video (codec 2) and MP3 audio (codec 2) frames, a few bytes each.
const ByteVector kVideoFrame{0x22, 1, 2, 3};
const ByteVector kAudioFrame{0x2f, 4, 5, 6};

ByteVector withoutMetadata(std::uint32_t lastTimestampMs) {
  auto file = flvHeader();
  appendTag(file, kVideo, 0, kVideoFrame);
  appendTag(file, kAudio, 26, kAudioFrame);
  appendTag(file, kVideo, lastTimestampMs, kVideoFrame);
  return file;
}

// onMetaData as an ECMA array of `properties`, then one video tag at 40 ms.
ByteVector withMetadata(const ByteVector& properties) {
  ByteVector script{2};
  amfName(script, "onMetaData");
  script.push_back(8);
  appendBe(script, 3, 4);
  append(script, properties);
  appendBe(script, 9, 3);  // object end: empty name, 0x09
  auto file = flvHeader();
  appendTag(file, kScript, 0, script);
  appendTag(file, kVideo, 40, kVideoFrame);
  return file;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(flv_sniffer)

BOOST_AUTO_TEST_CASE(probe_reads_the_flv_signature) {
  BOOST_TEST(probeFlv(readFixture("flv-sorenson-mp3-1s.flv")));
  BOOST_TEST(probeFlv(flvHeader()));
  auto notFlv = flvHeader();
  notFlv[0] = 'X';
  BOOST_TEST(!probeFlv(notFlv));
}

BOOST_AUTO_TEST_CASE(fixture_matches_ffprobe) {
  const auto info = sniffBytes(readFixture("flv-sorenson-mp3-1s.flv"));
  BOOST_TEST(info.container == "flv");
  BOOST_TEST(info.durationSeconds == 1.024999, tt::tolerance(1e-5));  // ffprobe format.duration
  BOOST_TEST(info.bitrate == 498099u);                                // ffprobe format.bit_rate
  BOOST_TEST(info.method == "onMetaData duration, file size");
  BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
  BOOST_TEST(info.streams[0].kind == "video");
  BOOST_TEST(info.streams[0].codec == "sorenson");
  BOOST_TEST(info.streams[0].bitrate.value_or(0) == 300000u);  // videodatarate x 1024
  BOOST_TEST(info.streams[1].kind == "audio");
  BOOST_TEST(info.streams[1].codec == "mp3");
  BOOST_TEST(info.streams[1].bitrate.value_or(0) == 64000u);
}

BOOST_AUTO_TEST_CASE(without_onmetadata_the_last_tag_timestamp_is_the_duration) {
  const auto file = withoutMetadata(2040);
  const auto info = sniffBytes(file);
  BOOST_TEST(info.known(), info.reason);
  BOOST_TEST(info.durationSeconds == 2.04, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == static_cast<std::uint64_t>(file.size() * 8 / 2.04));
  BOOST_TEST(info.method == "last tag timestamp, file size");
  BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
  BOOST_TEST(info.streams[0].codec == "sorenson");  // from the first video tag
  BOOST_TEST(info.streams[1].codec == "mp3");
  BOOST_TEST(!info.streams[0].bitrate.has_value());
}

BOOST_AUTO_TEST_CASE(trailing_tags_at_time_zero_are_passed_over) {
  auto file = withoutMetadata(2040);
  appendTag(file, kVideo, 0, {0x52, 0x01});  // an end-of-sequence style tag
  BOOST_TEST(sniffBytes(file).durationSeconds == 2.04, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(extended_timestamps_carry_the_upper_eight_bits) {
  auto file = flvHeader();
  auto bigFrame = kVideoFrame;
  bigFrame.resize(8192);  // enough bytes for a rate of a few bit/s over 4.7 hours
  appendTag(file, kVideo, 0, bigFrame);
  appendTag(file, kVideo, 0x01000000 + 5, kVideoFrame);
  const auto info = sniffBytes(file);
  BOOST_TEST(info.known(), info.reason);
  BOOST_TEST(info.durationSeconds == 16777.221, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(nested_metadata_values_are_skipped_to_reach_the_duration) {
  ByteVector properties;
  amfName(properties, "encoder");
  properties.push_back(2);
  amfName(properties, "Lavf59");
  amfName(properties, "keyframes");  // an object of strict arrays, as flvtool writes
  properties.push_back(3);
  amfName(properties, "times");
  properties.push_back(10);
  appendBe(properties, 2, 4);
  for (const double time : {0.0, 10.0}) {
    properties.push_back(0);
    appendBe(properties, std::bit_cast<std::uint64_t>(time), 8);
  }
  appendBe(properties, 9, 3);
  amfName(properties, "stereo");
  properties.push_back(1);
  properties.push_back(1);
  amfNumber(properties, "duration", 12.5);
  amfNumber(properties, "videodatarate", 500);
  const auto info = sniffBytes(withMetadata(properties));
  BOOST_TEST(info.known(), info.reason);
  BOOST_TEST(info.durationSeconds == 12.5, tt::tolerance(1e-9));
  BOOST_TEST(info.method == "onMetaData duration, file size");
  BOOST_REQUIRE(!info.streams.empty());
  BOOST_TEST(info.streams[0].bitrate.value_or(0) == 512000u);
}

BOOST_AUTO_TEST_CASE(unreadable_metadata_falls_back_on_tag_timestamps) {
  ByteVector properties;
  amfName(properties, "odd");
  properties.push_back(0x42);  // no such AMF0 type
  amfNumber(properties, "duration", 12.5);
  const auto info = sniffBytes(withMetadata(properties));
  BOOST_TEST(info.durationSeconds == 0.04, tt::tolerance(1e-9));
  BOOST_TEST(info.method == "last tag timestamp, file size");
}

BOOST_AUTO_TEST_CASE(no_duration_anywhere_is_unknown) {
  auto file = flvHeader();
  appendTag(file, kVideo, 0, kVideoFrame);
  appendTag(file, kAudio, 0, kAudioFrame);
  const auto info = sniffBytes(file);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.container == "flv");
  BOOST_TEST(info.reason.find("no onMetaData duration") != std::string::npos, info.reason);
}

BOOST_AUTO_TEST_SUITE_END()
