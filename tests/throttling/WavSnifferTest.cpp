// WAV: the fixture against ffprobe; crafted files with odd-sized chunks before
// the data, a data size past the end of the file, and RF64.
#include <boost/test/unit_test.hpp>

#include "SnifferTestBytes.h"
#include "sniffers/Sniffers.h"

using namespace interlude::throttling;
using namespace interlude::throttling::testing;
namespace tt = boost::test_tools;

namespace {

void appendChunk(ByteVector& out, std::string_view id, const ByteVector& body) {
  appendText(out, id);
  appendLe(out, body.size(), 4);
  append(out, body);
  if (body.size() & 1) out.push_back(0);  // pad byte
}

// 'fmt ' of 16-bit mono PCM at 8 kHz: 16000 bytes per second.
ByteVector pcmFormat() {
  ByteVector fmt;
  for (auto [value, width] : {std::pair{1, 2}, {1, 2}, {8000, 4}, {16000, 4}, {2, 2}, {16, 2}}) {
    appendLe(fmt, static_cast<std::uint64_t>(value), width);
  }
  return fmt;
}

ByteVector wave(std::string_view riff, const ByteVector& chunks) {
  ByteVector out;
  appendText(out, riff);
  appendLe(out, 4 + chunks.size(), 4);
  appendText(out, "WAVE");
  append(out, chunks);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wav_sniffer)

BOOST_AUTO_TEST_CASE(fixture_matches_ffprobe) {
  // ffprobe: duration 1.000000, format.bit_rate 128624, stream bit_rate 128000.
  const auto info = sniffBytes(readFixture("wav-pcm-1s.wav"));
  BOOST_TEST(info.container == "wav");
  BOOST_TEST(info.durationSeconds == 1.0, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == 128624u);
  BOOST_TEST(info.streams.at(0).codec == "pcm");
  BOOST_TEST(info.streams.at(0).bitrate.value_or(0) == 128000u);
}

BOOST_AUTO_TEST_CASE(odd_chunks_before_the_data_are_skipped) {
  ByteVector chunks;
  appendChunk(chunks, "LIST", ByteVector(7, 'x'));  // odd: padded to 8
  appendChunk(chunks, "fmt ", pcmFormat());
  appendChunk(chunks, "fact", ByteVector(4, 0));
  appendChunk(chunks, "data", ByteVector(24000, 0));
  const auto bytes = wave("RIFF", chunks);
  const auto info = sniffBytes(bytes);
  BOOST_TEST(info.durationSeconds == 1.5, tt::tolerance(1e-9));
  BOOST_TEST(info.bitrate == bytes.size() * 8 * 2 / 3);
}

BOOST_AUTO_TEST_CASE(data_size_past_the_end_counts_the_bytes_there) {
  ByteVector chunks;
  appendChunk(chunks, "fmt ", pcmFormat());
  appendText(chunks, "data");
  appendLe(chunks, 0xFFFFFFFF, 4);  // a capture still being written
  chunks.resize(chunks.size() + 8000, 0);
  BOOST_TEST(sniffBytes(wave("RIFF", chunks)).durationSeconds == 0.5, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(rf64_takes_the_data_size_from_ds64) {
  ByteVector ds64;
  appendLe(ds64, 0, 8);      // RIFF size
  appendLe(ds64, 32000, 8);  // data size
  appendLe(ds64, 16000, 8);  // sample count
  ByteVector chunks;
  appendChunk(chunks, "ds64", ds64);
  appendChunk(chunks, "fmt ", pcmFormat());
  appendText(chunks, "data");
  appendLe(chunks, 0xFFFFFFFF, 4);
  chunks.resize(chunks.size() + 40000, 0);  // more than the data: trailing chunks
  const auto info = sniffBytes(wave("RF64", chunks));
  BOOST_TEST(info.container == "wav");
  BOOST_TEST(info.durationSeconds == 2.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(no_format_chunk_is_unknown) {
  ByteVector chunks;
  appendChunk(chunks, "data", ByteVector(100, 0));
  const auto info = sniffBytes(wave("RIFF", chunks));
  BOOST_TEST(!info.known());
  BOOST_TEST(info.reason == "no 'fmt ' chunk before the data");
}

BOOST_AUTO_TEST_SUITE_END()
