#pragma once

#include <cstdint>
#include <span>

#include "interlude/throttling/ByteSource.h"
#include "interlude/throttling/MediaInfo.h"

namespace interlude::throttling {

// A container sniffer: `probe` looks at the first bytes of the file (up to
// kProbeBytes, fewer for short files) and says whether it is this container;
// `sniff` then reads what it needs. `sniff` may throw SniffError (truncated,
// over budget, corrupt): the caller turns that into an unknown result.
struct Sniffer {
  const char* container;
  bool (*probe)(std::span<const std::uint8_t> head);
  MediaInfo (*sniff)(ByteSource& source);
};

inline constexpr std::size_t kProbeBytes = 4096;

// Every sniffer, most specific magic first (MP3 and ADTS, which sync on frame
// headers anywhere, come last).
std::span<const Sniffer> allSniffers();

// Each lives in src/sniffers/<Name>Sniffer.cpp.
bool probeMp4(std::span<const std::uint8_t> head);
MediaInfo sniffMp4(ByteSource& source);
bool probeFlv(std::span<const std::uint8_t> head);
MediaInfo sniffFlv(ByteSource& source);
bool probeAsf(std::span<const std::uint8_t> head);
MediaInfo sniffAsf(ByteSource& source);
bool probeAvi(std::span<const std::uint8_t> head);
MediaInfo sniffAvi(ByteSource& source);
bool probeRealMedia(std::span<const std::uint8_t> head);
MediaInfo sniffRealMedia(ByteSource& source);
bool probeMatroska(std::span<const std::uint8_t> head);
MediaInfo sniffMatroska(ByteSource& source);
bool probeOgg(std::span<const std::uint8_t> head);
MediaInfo sniffOgg(ByteSource& source);
bool probeWav(std::span<const std::uint8_t> head);
MediaInfo sniffWav(ByteSource& source);
bool probeFlac(std::span<const std::uint8_t> head);
MediaInfo sniffFlac(ByteSource& source);
bool probeMpegTs(std::span<const std::uint8_t> head);
MediaInfo sniffMpegTs(ByteSource& source);
bool probeMp3(std::span<const std::uint8_t> head);
MediaInfo sniffMp3(ByteSource& source);
bool probeAdts(std::span<const std::uint8_t> head);
MediaInfo sniffAdts(ByteSource& source);

}  // namespace interlude::throttling
