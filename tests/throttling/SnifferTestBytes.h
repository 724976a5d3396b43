#pragma once

// Helpers for the container sniffer tests: committed fixtures, and big- and
// little-endian writers to craft or patch headers.
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "interlude/throttling/Sniff.h"

namespace interlude::throttling::testing {

using ByteVector = std::vector<std::uint8_t>;

inline ByteVector readFixture(const std::string& name) {
  std::ifstream in(INTERLUDE_SOURCE_DIR "/tests/fixtures/media/" + name, std::ios::binary);
  ByteVector bytes{std::istreambuf_iterator<char>(in), {}};
  if (bytes.empty()) throw std::runtime_error("missing fixture " + name);
  return bytes;
}

inline MediaInfo sniffBytes(const ByteVector& bytes) {
  MemoryByteSource source(bytes);
  return sniffMedia(source);
}

inline void appendBe(ByteVector& out, std::uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

inline void appendLe(ByteVector& out, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

inline void appendText(ByteVector& out, std::string_view text) {
  out.insert(out.end(), text.begin(), text.end());
}

inline void append(ByteVector& out, std::span<const std::uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

inline void putBe(ByteVector& bytes, std::size_t at, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) {
    bytes.at(at + i) = static_cast<std::uint8_t>(value >> (8 * (width - 1 - i)));
  }
}

inline void putLe(ByteVector& bytes, std::size_t at, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) bytes.at(at + i) = static_cast<std::uint8_t>(value >> (8 * i));
}

// Where `text` first occurs in `bytes` (throws when absent, so a changed
// fixture fails loudly).
inline std::size_t find(const ByteVector& bytes, std::string_view text, std::size_t from = 0) {
  const auto found = std::search(bytes.begin() + static_cast<std::ptrdiff_t>(from), bytes.end(),
                                 text.begin(), text.end());
  if (found == bytes.end()) throw std::runtime_error("fixture has no " + std::string(text));
  return static_cast<std::size_t>(found - bytes.begin());
}

}  // namespace interlude::throttling::testing
