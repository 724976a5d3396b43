// Matroska/WebM: the fixtures against ffprobe; crafted files whose Info and
// Tracks come after the clusters (found through the SeekHead), with a 4-byte
// float Duration, and with no Duration at all (the last cue point).
#include <bit>
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

// An element: its ID as written, an 8-byte size, the body.
ByteVector element(std::uint32_t id, const ByteVector& body) {
  ByteVector out;
  const int idLength = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
  appendBe(out, id, idLength);
  out.push_back(0x01);
  appendBe(out, body.size(), 7);
  append(out, body);
  return out;
}

ByteVector unsignedElement(std::uint32_t id, std::uint64_t value) {
  ByteVector body;
  appendBe(body, value, 8);
  return element(id, body);
}

ByteVector textElement(std::uint32_t id, std::string_view text) {
  ByteVector body;
  appendText(body, text);
  return element(id, body);
}

ByteVector concat(std::initializer_list<ByteVector> parts) {
  ByteVector out;
  for (const auto& part : parts) append(out, part);
  return out;
}

ByteVector seek(std::uint32_t id, std::uint64_t position) {
  ByteVector seekId;
  appendBe(seekId, id, 4);
  return element(0x4DBB, concat({element(0x53AB, seekId), unsignedElement(0x53AC, position)}));
}

// EBML header, an open-sized Segment: SeekHead, one Cluster, then `tail`
// elements (the SeekHead pointing at each of them by ID).
ByteVector fileWithTail(const std::vector<std::pair<std::uint32_t, ByteVector>>& tail) {
  const auto header = element(0x1A45DFA3, textElement(0x4282, "webm"));
  const auto cluster = element(0x1F43B675, ByteVector(5000, 0xA3));
  // Every Seek has the same size: the positions do not change the SeekHead's.
  const auto seekHeadSize = element(0x114D9B74, ByteVector(tail.size() * seek(0, 0).size())).size();
  ByteVector seeks;
  std::uint64_t position = seekHeadSize + cluster.size();
  for (const auto& [id, bytes] : tail) {
    append(seeks, seek(id, position));
    position += bytes.size();
  }
  ByteVector out = header;
  appendBe(out, 0x18538067, 4);
  appendBe(out, 0x01FFFFFFFFFFFFFF, 8);  // unknown size
  append(out, element(0x114D9B74, seeks));
  append(out, cluster);
  for (const auto& [id, bytes] : tail) append(out, bytes);
  return out;
}

ByteVector tracks() {
  return element(0x1654AE6B,
                 element(0xAE, concat({unsignedElement(0x83, 2), textElement(0x86, "A_OPUS")})));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(matroska_sniffer)

BOOST_AUTO_TEST_CASE(mkv_fixture_matches_ffprobe) {
  // ffprobe: duration 1.023000, format.bit_rate 440946, streams h264 and aac.
  const auto info = sniffBytes(readFixture("mkv-h264-aac-1s.mkv"));
  BOOST_TEST(info.container == "matroska");
  BOOST_TEST(info.durationSeconds == 1.023, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == 440946u);
  BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
  BOOST_TEST(info.streams[0].kind == "video");
  BOOST_TEST(info.streams[0].codec == "V_MPEG4/ISO/AVC");
  BOOST_TEST(info.streams[1].kind == "audio");
  BOOST_TEST(info.streams[1].codec == "A_AAC");
}

BOOST_AUTO_TEST_CASE(webm_fixture_matches_ffprobe) {
  // ffprobe: duration 2.008000, format.bit_rate 233462, streams vp8 and opus.
  const auto info = sniffBytes(readFixture("webm-vp8-opus-2s.webm"));
  BOOST_TEST(info.durationSeconds == 2.008, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == 233462u);
  BOOST_TEST(info.streams.at(0).codec == "V_VP8");
  BOOST_TEST(info.streams.at(1).codec == "A_OPUS");
}

BOOST_AUTO_TEST_CASE(info_after_the_clusters_is_found_through_the_seek_head) {
  ByteVector duration;
  appendBe(duration, std::bit_cast<std::uint32_t>(30000.0f), 4);  // ticks of 100 us
  const auto info =
      element(0x1549A966, concat({unsignedElement(0x2AD7B1, 100000), element(0x4489, duration)}));
  const auto sniffed = sniffBytes(fileWithTail({{0x1654AE6B, tracks()}, {0x1549A966, info}}));
  BOOST_TEST(sniffed.known(), sniffed.reason);
  BOOST_TEST(sniffed.durationSeconds == 3.0, tt::tolerance(1e-9));
  BOOST_TEST(sniffed.streams.at(0).codec == "A_OPUS");
  BOOST_TEST(sniffed.method == "Info Duration, file size");
}

BOOST_AUTO_TEST_CASE(without_duration_the_last_cue_point_counts) {
  const auto info = element(0x1549A966, unsignedElement(0x2AD7B1, 1000000));
  const auto cues = element(0x1C53BB6B, concat({element(0xBB, unsignedElement(0xB3, 1000)),
                                                element(0xBB, unsignedElement(0xB3, 2500))}));
  const auto sniffed =
      sniffBytes(fileWithTail({{0x1549A966, info}, {0x1654AE6B, tracks()}, {0x1C53BB6B, cues}}));
  BOOST_TEST(sniffed.durationSeconds == 2.5, tt::tolerance(1e-9));
  BOOST_TEST(sniffed.method == "last cue point, file size");
}

BOOST_AUTO_TEST_CASE(other_doc_types_are_unknown) {
  auto bytes = readFixture("mkv-h264-aac-1s.mkv");
  putBe(bytes, find(bytes, "matroska"), 0x6D6B7678, 4);  // "mkvx"
  const auto info = sniffBytes(bytes);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.reason == "EBML DocType mkvxoska");
}

BOOST_AUTO_TEST_SUITE_END()
