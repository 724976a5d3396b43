#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "sniffers/Bytes.h"

namespace interlude::throttling {

// A RIFF chunk (AVI; WAV could share this): a four-character id, a 32-bit
// little-endian size and the data, padded to an even length. A LIST chunk's
// data starts with a four-character list type.
struct RiffChunk {
  std::string_view id;
  std::size_t dataOffset = 0;
  std::size_t size = 0;
  // Where the next chunk starts.
  std::size_t end() const { return dataOffset + size + (size & 1); }
  bool isList(const Bytes& bytes, std::string_view type) const {
    return id == "LIST" && size >= 4 && bytes.text(dataOffset, 4) == type;
  }
};

inline constexpr int kMaxRiffChunks = 4096;

// Calls `visit` with each chunk in [begin, end) of an in-memory buffer. A chunk
// running past `end` throws SniffError naming it; at most kMaxRiffChunks.
template <typename Visit>
void forEachRiffChunk(const Bytes& bytes, std::size_t begin, std::size_t end, Visit&& visit) {
  for (int count = 0; begin + 8 <= end && count < kMaxRiffChunks; ++count) {
    const RiffChunk chunk{bytes.text(begin, 4), begin + 8, bytes.le32(begin + 4)};
    if (chunk.size > end - chunk.dataOffset) {
      throw SniffError("truncated " + std::string(chunk.id) + " chunk");
    }
    visit(chunk);
    begin = chunk.end();
  }
}

// The codec a WAVEFORMATEX format tag names (AVI and ASF audio, WAV): a short
// name for the common ones, else the tag in hex.
inline std::string waveFormatTagName(std::uint16_t tag) {
  switch (tag) {
    case 0x0001:
      return "pcm";
    case 0x0003:
      return "pcm_float";
    case 0x0055:
      return "mp3";
    case 0x00ff:
      return "aac";
    case 0x0160:
      return "wmav1";
    case 0x0161:
      return "wmav2";
    case 0x0162:
      return "wmapro";
    case 0x0163:
      return "wmalossless";
    case 0x2000:
      return "ac3";
    default: {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%04x", tag);
      return hex;
    }
  }
}

}  // namespace interlude::throttling
