#pragma once

#include <cstdint>
#include <span>

#include "interlude/throttling/ByteSource.h"

namespace interlude::throttling {

// The whole length of the ID3v2 tag that `header` (its first 10 bytes) starts,
// or 0 when it starts none: "ID3", version, flags, a 28-bit syncsafe size that
// excludes the header and a 10-byte footer present when flag 0x10 is set.
// MP3, ADTS and FLAC files may begin with one or more such tags.
inline std::uint64_t id3v2Length(std::span<const std::uint8_t> header) {
  if (header.size() < 10 || header[0] != 'I' || header[1] != 'D' || header[2] != '3' ||
      header[3] == 0xFF || header[4] == 0xFF) {
    return 0;
  }
  std::uint64_t size = 0;
  for (int i = 6; i < 10; ++i) {
    if (header[i] & 0x80) return 0;  // not syncsafe: not a tag
    size = (size << 7) | header[i];
  }
  const bool footer = header[5] & 0x10;
  return 10 + size + (footer ? 10 : 0);
}

// Files rarely carry more than one tag; the cap keeps corrupt ones from looping.
inline constexpr int kMaxId3v2Tags = 8;

// Where the audio starts: after the ID3v2 tags at the start of `head` (the
// offset may lie beyond `head` when a tag is longer than it).
inline std::uint64_t afterId3v2(std::span<const std::uint8_t> head) {
  std::uint64_t at = 0;
  for (int i = 0; i < kMaxId3v2Tags && at < head.size(); ++i) {
    const auto length = id3v2Length(head.subspan(static_cast<std::size_t>(at)));
    if (length == 0) break;
    at += length;
  }
  return at;
}

inline std::uint64_t afterId3v2(ByteSource& source) {
  std::uint64_t at = 0;
  for (int i = 0; i < kMaxId3v2Tags; ++i) {
    const auto length = id3v2Length(source.read(at, 10));
    if (length == 0) break;
    at += length;
  }
  return at;
}

}  // namespace interlude::throttling
