// MPEG-TS: the fixture against ffprobe; crafted streams whose timestamps wrap
// at 2^33, in 192-byte M2TS packets, and with an AAC stream whose last PES
// holds several frames.
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

constexpr std::uint16_t kPmtPid = 0x1000;
constexpr std::uint16_t kVideoPid = 0x100;
constexpr std::uint16_t kAudioPid = 0x101;
constexpr std::uint64_t kWrap = 1ull << 33;

ByteVector concat(const ByteVector& first, const ByteVector& second) {
  auto out = first;
  append(out, second);
  return out;
}

ByteVector packet(std::uint16_t pid, bool unitStart, const ByteVector& payload) {
  ByteVector out{0x47, static_cast<std::uint8_t>((unitStart ? 0x40 : 0) | (pid >> 8)),
                 static_cast<std::uint8_t>(pid), 0x10};
  append(out, payload);
  out.resize(188, 0xFF);
  return out;
}

// A PSI section after its pointer field, with a dummy CRC.
ByteVector section(std::uint8_t tableId, const ByteVector& body) {
  ByteVector out{0x00, tableId};
  appendBe(out, 0xB000 | (body.size() + 4), 2);
  append(out, body);
  appendBe(out, 0, 4);
  return out;
}

ByteVector patAndPmt() {
  ByteVector pat{0x00, 0x01, 0xC1, 0x00, 0x00, 0x00, 0x01};
  appendBe(pat, 0xE000 | kPmtPid, 2);
  ByteVector pmt{0x00, 0x01, 0xC1, 0x00, 0x00};
  appendBe(pmt, 0xE000 | kVideoPid, 2);  // PCR PID
  appendBe(pmt, 0xF000, 2);              // no program descriptors
  for (auto [type, pid] : {std::pair{0x1B, kVideoPid}, {0x0F, kAudioPid}}) {
    pmt.push_back(static_cast<std::uint8_t>(type));
    appendBe(pmt, 0xE000 | pid, 2);
    appendBe(pmt, 0xF000, 2);
  }
  return concat(packet(0, true, section(0x00, pat)), packet(kPmtPid, true, section(0x02, pmt)));
}

ByteVector pes(std::uint64_t pts, const ByteVector& data) {
  pts %= kWrap;
  ByteVector out{0x00,
                 0x00,
                 0x01,
                 0xE0,
                 0x00,
                 0x00,
                 0x80,
                 0x80,
                 0x05,
                 static_cast<std::uint8_t>(0x21 | ((pts >> 29) & 0x0E)),
                 static_cast<std::uint8_t>(pts >> 22),
                 static_cast<std::uint8_t>(((pts >> 14) & 0xFE) | 1),
                 static_cast<std::uint8_t>(pts >> 7),
                 static_cast<std::uint8_t>((pts << 1) | 1)};
  append(out, data);
  return out;
}

// Eight 16-byte ADTS frames of 1024 samples at 48 kHz: 1920 ticks each.
ByteVector audioFrames() {
  ByteVector frames;
  for (int i = 0; i < 8; ++i) {
    append(frames, ByteVector{0xFF, 0xF1, 0x4C, 0x80, 0x02, 0x1F, 0xFC});
    frames.resize(frames.size() + 9, 0);
  }
  return frames;
}

// `frames` video frames at 25 fps from `firstPts`, and an audio PES of eight
// AAC frames every eight video frames.
ByteVector stream(std::uint64_t firstPts, int frames) {
  auto out = patAndPmt();
  for (int i = 0; i < frames; ++i) {
    const auto pts = firstPts + 3600u * i;
    append(out, packet(kVideoPid, true, pes(pts, ByteVector(100, 0x65))));
    if (i % 8 == 0) {
      append(out, packet(kAudioPid, true, pes(pts, audioFrames())));
    }
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mpegts_sniffer)

BOOST_AUTO_TEST_CASE(fixture_matches_ffprobe) {
  // ffprobe: duration 2.023222 (first audio PTS 1.4 to last video PTS 3.383222
  // plus a 40 ms frame), format.bit_rate 477242.
  const auto info = sniffBytes(readFixture("ts-h264-aac-2s.ts"));
  BOOST_TEST(info.container == "mpegts");
  BOOST_TEST(info.durationSeconds == 2.023222, tt::tolerance(1e-6));
  BOOST_TEST(info.bitrate == 477242u);
  BOOST_REQUIRE_EQUAL(info.streams.size(), 2u);
  BOOST_TEST(info.streams[0].kind == "video");
  BOOST_TEST(info.streams[0].codec == "h264");
  BOOST_TEST(info.streams[1].codec == "aac");
}

BOOST_AUTO_TEST_CASE(timestamps_wrapping_at_2_pow_33) {
  // 100 frames of 40 ms starting 1 s before the wrap: 4 s.
  const auto info = sniffBytes(stream(kWrap - 90000, 100));
  BOOST_TEST(info.known(), info.reason);
  BOOST_TEST(info.durationSeconds == 4.0, tt::tolerance(1e-9));
  BOOST_TEST(info.method == "PES timestamp span, file size");
}

BOOST_AUTO_TEST_CASE(audio_ends_one_aac_frame_after_its_last_pes) {
  // After the 96 frames of video, a last PES of eight AAC frames: libavformat
  // ends the stream one frame (20 ms) after the PES's timestamp.
  auto bytes = stream(900000, 96);
  append(bytes, packet(kAudioPid, true, pes(900000 + 96 * 3600, audioFrames())));
  const auto info = sniffBytes(bytes);
  BOOST_TEST(info.durationSeconds == (96 * 3600 + 1920) / 90000.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(m2ts_packets_of_192_bytes) {
  const auto ts = stream(900000, 100);
  ByteVector m2ts;
  for (std::size_t at = 0; at < ts.size(); at += 188) {
    appendBe(m2ts, at, 4);  // arrival timestamp
    m2ts.insert(m2ts.end(), ts.begin() + static_cast<std::ptrdiff_t>(at),
                ts.begin() + static_cast<std::ptrdiff_t>(at + 188));
  }
  const auto info = sniffBytes(m2ts);
  BOOST_TEST(info.container == "mpegts");
  BOOST_TEST(info.durationSeconds == 4.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()
