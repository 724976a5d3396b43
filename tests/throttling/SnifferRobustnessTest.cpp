// Every sniffer against the committed corpus (tests/fixtures/media, made by
// tests/fixtures/make-media.sh ... small): whole files are recognised, and
// truncated files, garbage and empty files give "unknown" with a reason, never
// a crash, a hang or a read past the budget.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>

#include "interlude/throttling/Sniff.h"

namespace fs = std::filesystem;
using namespace interlude::throttling;

namespace {

std::vector<std::uint8_t> readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<fs::path> corpus() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(INTERLUDE_SOURCE_DIR "/tests/fixtures/media")) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The container each corpus file name starts with.
const std::map<std::string, std::string> kContainerByPrefix{
    {"mp4", "mp4"},       {"m4a", "mp4"},  {"mov", "mp4"},  {"3gp", "mp4"}, {"flv", "flv"},
    {"asf", "asf"},       {"avi", "avi"},  {"mp3", "mp3"},  {"rm", "rm"},   {"mkv", "matroska"},
    {"webm", "matroska"}, {"ogg", "ogg"},  {"opus", "ogg"}, {"wav", "wav"}, {"flac", "flac"},
    {"aac", "aac"},       {"ts", "mpegts"}};

std::string expectedContainer(const fs::path& file) {
  const auto name = file.filename().string();
  return kContainerByPrefix.at(name.substr(0, name.find('-')));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sniffer_robustness)

BOOST_AUTO_TEST_CASE(whole_files_are_recognised_within_the_budget) {
  const auto files = corpus();
  BOOST_REQUIRE_GE(files.size(), 17u);
  for (const auto& file : files) {
    BOOST_TEST_CONTEXT(file.filename().string()) {
      const auto bytes = readFile(file);
      MemoryByteSource source(bytes);
      const auto info = sniffMedia(source);
      BOOST_TEST(info.known(), info.reason);
      BOOST_TEST(info.container == expectedContainer(file));
      BOOST_TEST(info.durationSeconds > 0.5);
      BOOST_TEST(!info.method.empty());
      BOOST_TEST(source.bytesRead() <= ByteSource::kDefaultBudget);
    }
  }
}

BOOST_AUTO_TEST_CASE(files_cut_at_every_kib_of_their_headers_never_crash) {
  for (const auto& file : corpus()) {
    const auto bytes = readFile(file);
    const auto limit = std::min<std::size_t>(bytes.size(), 64 << 10);
    for (std::size_t cut = 0; cut < limit; cut += 1024) {
      BOOST_TEST_CONTEXT(file.filename().string() << " cut at " << cut) {
        MemoryByteSource source(std::span<const std::uint8_t>(bytes).first(cut));
        const auto info = sniffMedia(source);
        // A cut file is either unknown with a reason, or sniffed from what is left.
        BOOST_TEST((info.known() || !info.reason.empty()));
        BOOST_TEST(source.bytesRead() <= ByteSource::kDefaultBudget);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(garbage_and_empty_input_are_unknown) {
  std::mt19937 random(42);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(random() % 20000));
    for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
    MemoryByteSource source(bytes);
    const auto info = sniffMedia(source);
    BOOST_TEST((info.known() || !info.reason.empty()));
  }
  const std::vector<std::uint8_t> empty;
  MemoryByteSource source(empty);
  const auto info = sniffMedia(source);
  BOOST_TEST(!info.known());
  BOOST_TEST(info.reason == "empty file");
}

BOOST_AUTO_TEST_CASE(corrupted_headers_never_crash) {
  // Flip bytes in the header region of each file: sizes and counts become huge
  // or negative, and the sniffers must stay within the data and the budget.
  std::mt19937 random(7);
  for (const auto& file : corpus()) {
    const auto original = readFile(file);
    for (int round = 0; round < 50; ++round) {
      auto bytes = original;
      const auto span = std::min<std::size_t>(bytes.size(), 8192);
      for (int flips = 0; flips < 8; ++flips)
        bytes[random() % span] = static_cast<std::uint8_t>(random());
      MemoryByteSource source(bytes);
      const auto info = sniffMedia(source);
      BOOST_TEST((info.known() || !info.reason.empty()));
      BOOST_TEST(source.bytesRead() <= ByteSource::kDefaultBudget);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
