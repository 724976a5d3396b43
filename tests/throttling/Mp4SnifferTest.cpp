// MP4 family: the fixtures against ffprobe's figures, moov after mdat, 64-bit
// box sizes, a crafted file for mvhd version 1 and constant-size stsz, and a
// truncated moov. ffprobe's overall bit rate for these is size x 8 / mvhd's
// duration; its stream rates are stsz byte totals over mdhd's duration.
#include <boost/test/unit_test.hpp>
#include <map>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

ByteVector box(std::string_view type, const ByteVector& payload) {
  ByteVector out;
  appendBe(out, 8 + payload.size(), 4);
  appendText(out, type);
  append(out, payload);
  return out;
}

ByteVector concat(std::initializer_list<ByteVector> parts) {
  ByteVector out;
  for (const auto& part : parts) append(out, part);
  return out;
}

// The top-level boxes of a fixture (32-bit sizes only), by type.
std::map<std::string, ByteVector> topLevelBoxes(const ByteVector& file) {
  std::map<std::string, ByteVector> boxes;
  for (std::size_t at = 0; at + 8 <= file.size();) {
    const std::size_t size = file[at] << 24 | file[at + 1] << 16 | file[at + 2] << 8 | file[at + 3];
    boxes[std::string(file.begin() + at + 4, file.begin() + at + 8)] =
        ByteVector(file.begin() + at, file.begin() + at + size);
    at += size;
  }
  return boxes;
}

// ftyp, mdat, moov: the layout of a file written without +faststart.
ByteVector moovAtEnd() {
  auto boxes = topLevelBoxes(readFixture("mp4-h264-aac-1s.mp4"));
  return concat({boxes.at("ftyp"), boxes.at("free"), boxes.at("mdat"), boxes.at("moov")});
}

// A 90 s audio-only file: mvhd version 1 (64-bit times), one mp4a track whose
// stsz gives one size (400 bytes) for its 1000 samples.
ByteVector craftedAudioFile() {
  ByteVector mvhd{1, 0, 0, 0};
  appendBe(mvhd, 0, 8);      // creation
  appendBe(mvhd, 0, 8);      // modification
  appendBe(mvhd, 1000, 4);   // timescale
  appendBe(mvhd, 90000, 8);  // duration
  ByteVector mdhd{0, 0, 0, 0};
  appendBe(mdhd, 0, 8);  // creation, modification
  appendBe(mdhd, 44100, 4);
  appendBe(mdhd, 44100 * 90, 4);
  appendBe(mdhd, 0, 4);  // language, quality
  ByteVector hdlr{0, 0, 0, 0, 0, 0, 0, 0};
  appendText(hdlr, "soun");
  hdlr.resize(hdlr.size() + 13);  // reserved, empty name
  ByteVector stsd{0, 0, 0, 0, 0, 0, 0, 1};
  appendBe(stsd, 16, 4);
  appendText(stsd, "mp4a");
  appendBe(stsd, 1, 8);
  ByteVector stsz{0, 0, 0, 0};
  appendBe(stsz, 400, 4);
  appendBe(stsz, 1000, 4);
  const auto stbl = box("stbl", concat({box("stsd", stsd), box("stsz", stsz)}));
  const auto mdia = box("mdia", concat({box("mdhd", mdhd), box("hdlr", hdlr), box("minf", stbl)}));
  const auto moov = box("moov", concat({box("mvhd", mvhd), box("trak", mdia)}));
  ByteVector ftyp;
  appendText(ftyp, "M4A ");
  appendBe(ftyp, 0, 4);
  return concat({box("ftyp", ftyp), moov, box("mdat", ByteVector(1000))});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mp4_sniffer)

BOOST_AUTO_TEST_CASE(probe_needs_a_known_first_box) {
  const auto file = readFixture("mp4-h264-aac-1s.mp4");
  BOOST_TEST(probeMp4(file));
  BOOST_TEST(probeMp4(moovAtEnd()));
  BOOST_TEST(!probeMp4(readFixture("flv-sorenson-mp3-1s.flv")));
  const ByteVector shortSize{0, 0, 0, 4, 'f', 't', 'y', 'p'};
  BOOST_TEST(!probeMp4(shortSize));
}

BOOST_AUTO_TEST_CASE(faststart_mp4_matches_ffprobe) {
  const auto info = sniffBytes(readFixture("mp4-h264-aac-1s.mp4"));
  BOOST_TEST(info.container == "mp4");
  BOOST_TEST(info.durationSeconds == 1.0, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == 305752u);  // ffprobe format.bit_rate
  BOOST_TEST(info.method == "mvhd duration, file size");
  BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
  BOOST_TEST(info.streams[0].kind == "video");
  BOOST_TEST(info.streams[0].codec == "avc1");
  BOOST_TEST(info.streams[0].bitrate.value_or(0) == 221808u);  // ffprobe stream bit_rate
  BOOST_TEST(info.streams[1].kind == "audio");
  BOOST_TEST(info.streams[1].codec == "mp4a");
  BOOST_TEST(info.streams[1].bitrate.value_or(0) == 66003u);
}

BOOST_AUTO_TEST_CASE(quicktime_track_kinds_come_from_the_media_handler) {
  // A .mov also has a data handler (alis) in minf, which must not win.
  const auto info = sniffBytes(readFixture("mov-mpeg4-1s.mov"));
  BOOST_TEST(info.bitrate == 462776u);
  BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
  BOOST_TEST(info.streams[0].kind == "video");
  BOOST_TEST(info.streams[0].codec == "mp4v");
  BOOST_TEST(info.streams[0].bitrate.value_or(0) == 377952u);
  BOOST_TEST(info.streams[1].kind == "audio");
}

BOOST_AUTO_TEST_CASE(audio_only_m4a_and_3gp_match_ffprobe) {
  const auto m4a = sniffBytes(readFixture("m4a-aac-1s.m4a"));
  BOOST_TEST(m4a.bitrate == 107344u);
  BOOST_REQUIRE_EQUAL(m4a.streams.size(), 1u);
  BOOST_TEST(m4a.streams[0].bitrate.value_or(0) == 97191u);
  const auto threeGp = sniffBytes(readFixture("3gp-h263-aac-2s.3gp"));
  BOOST_TEST(threeGp.durationSeconds == 2.0, tt::tolerance(1e-9));
  BOOST_TEST(threeGp.bitrate == 274368u);
  BOOST_REQUIRE_EQUAL(threeGp.streams.size(), 2u);
  BOOST_TEST(threeGp.streams[0].codec == "s263");
}

BOOST_AUTO_TEST_CASE(moov_after_mdat_is_found_reading_only_headers) {
  const auto file = moovAtEnd();
  MemoryByteSource source(file);
  const auto info = sniffMedia(source);
  BOOST_TEST(info.durationSeconds == 1.0, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == 305752u);
  BOOST_TEST(info.streams.size() == 2u);
  // The 4 KiB probe, box headers and the 2 KiB moov: not the 36 KiB mdat.
  BOOST_TEST(source.bytesRead() < 8192u);
}

BOOST_AUTO_TEST_CASE(a_64_bit_mdat_size_is_skipped_to_the_moov_after_it) {
  auto boxes = topLevelBoxes(readFixture("mp4-h264-aac-1s.mp4"));
  const auto& mdat = boxes.at("mdat");
  // size 1 means a 64-bit size after the type; the 8-byte free box makes room.
  ByteVector large{0, 0, 0, 1, 'm', 'd', 'a', 't'};
  appendBe(large, mdat.size() + 8, 8);
  large.insert(large.end(), mdat.begin() + 8, mdat.end());
  const auto file = concat({boxes.at("ftyp"), large, boxes.at("moov")});
  BOOST_REQUIRE_EQUAL(file.size(), 38219u);
  const auto info = sniffBytes(file);
  BOOST_TEST(info.known(), info.reason);
  BOOST_TEST(info.durationSeconds == 1.0, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == 305752u);
}

BOOST_AUTO_TEST_CASE(mvhd_version_1_and_constant_sample_sizes) {
  const auto file = craftedAudioFile();
  const auto info = sniffBytes(file);
  BOOST_TEST(info.known(), info.reason);
  BOOST_TEST(info.durationSeconds == 90.0, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == file.size() * 8 / 90);
  BOOST_REQUIRE_EQUAL(info.streams.size(), 1u);
  BOOST_TEST(info.streams[0].kind == "audio");
  BOOST_TEST(info.streams[0].codec == "mp4a");
  BOOST_TEST(info.streams[0].bitrate.value_or(0) == 400u * 1000 * 8 / 90);
}

BOOST_AUTO_TEST_CASE(a_truncated_moov_is_unknown_and_named) {
  auto file = moovAtEnd();
  file.resize(file.size() - 500);
  const auto info = sniffBytes(file);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.container == "mp4");
  BOOST_TEST(info.reason.find("truncated moov") != std::string::npos, info.reason);
}

BOOST_AUTO_TEST_CASE(a_file_cut_in_mdat_before_its_moov_is_unknown) {
  auto file = moovAtEnd();
  file.resize(20000);
  const auto info = sniffBytes(file);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.reason == "truncated: no moov before the end of the cut mdat box");
}

BOOST_AUTO_TEST_CASE(a_file_without_moov_is_unknown) {
  auto boxes = topLevelBoxes(readFixture("mp4-h264-aac-1s.mp4"));
  const auto info = sniffBytes(concat({boxes.at("ftyp"), boxes.at("mdat")}));
  BOOST_TEST(!info.known());
  BOOST_TEST(info.reason == "no moov box");
}

BOOST_AUTO_TEST_SUITE_END()
