#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace interlude::throttling {

// Sync on a stream of self-delimiting audio frames (MP3, ADTS): the first
// offset in `bytes` where a frame header is followed by another of the same
// stream at exactly its length, and by a third when it fits in `bytes`. One
// lone header is too easily found in garbage. `parse(bytes)` gives an optional
// header with `frameLength` and `sameStream(other)`; headers are `headerSize`
// bytes long.
template <std::size_t headerSize, typename Parse>
std::optional<std::size_t> findFrameSync(std::span<const std::uint8_t> bytes, Parse parse) {
  constexpr int kFrames = 3;
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    const auto first = parse(bytes.subspan(at));
    if (!first) continue;
    int verified = 1;
    std::size_t next = at + first->frameLength;
    for (; verified < kFrames && next + headerSize <= bytes.size(); ++verified) {
      const auto header = parse(bytes.subspan(next));
      if (!header || !header->sameStream(*first)) break;
      next += header->frameLength;
    }
    const bool chainEnded = verified == kFrames || next + headerSize > bytes.size();
    if (verified >= 2 && chainEnded) return at;
  }
  return std::nullopt;
}

}  // namespace interlude::throttling
