// RIFF/WAVE and RF64 (its 64-bit sizes in a 'ds64' chunk): the 'fmt ' chunk's
// average bytes per second and the 'data' chunk's size give the duration.
#include <cstdio>
#include <optional>
#include <utility>

#include "sniffers/Bytes.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

constexpr std::size_t kChunkHeader = 8;
constexpr std::size_t kHeadWindow = 4096;
// Chunks before 'data' (LIST, fact, bext, junk...) are few; the cap stops corrupt sizes.
constexpr int kMaxChunks = 64;

struct Format {
  std::uint16_t tag = 0;
  std::uint32_t bytesPerSecond = 0;
};

std::string codecName(std::uint16_t tag) {
  static constexpr std::pair<std::uint16_t, const char*> kNames[] = {
      {0x0001, "pcm"},       {0x0003, "pcm_float"}, {0x0006, "alaw"},      {0x0007, "mulaw"},
      {0x0011, "adpcm_ima"}, {0x0055, "mp3"},       {0xFFFE, "extensible"}};
  for (const auto& [known, name] : kNames) {
    if (known == tag) return name;
  }
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%04x", tag);
  return hex;
}

// The bytes of a chunk's header or body: from the head when it holds them.
std::vector<std::uint8_t> bytesAt(ByteSource& source, const std::vector<std::uint8_t>& head,
                                  std::uint64_t offset, std::size_t count) {
  if (offset + count <= head.size()) {
    const auto from = head.begin() + static_cast<std::ptrdiff_t>(offset);
    return {from, from + static_cast<std::ptrdiff_t>(count)};
  }
  return source.readExactly(offset, count);
}

}  // namespace

bool probeWav(std::span<const std::uint8_t> head) {
  const Bytes bytes(head);
  return (bytes.startsWith(0, "RIFF") || bytes.startsWith(0, "RF64")) &&
         bytes.startsWith(8, "WAVE");
}

MediaInfo sniffWav(ByteSource& source) {
  const auto head = source.read(0, kHeadWindow);
  const bool rf64 = Bytes(head).startsWith(0, "RF64");
  std::optional<Format> format;
  std::optional<std::uint64_t> rf64DataSize;
  std::optional<std::uint64_t> dataSize;
  std::uint64_t at = 12;
  for (int i = 0; i < kMaxChunks && !dataSize && at + kChunkHeader <= source.size(); ++i) {
    const auto chunkHeader = bytesAt(source, head, at, kChunkHeader);
    const Bytes chunk(chunkHeader);
    const std::uint64_t size = chunk.le32(4);
    const auto body = at + kChunkHeader;
    if (chunk.startsWith(0, "fmt ")) {
      const auto fmt = bytesAt(source, head, body, 16);
      format = Format{Bytes(fmt).le16(0), Bytes(fmt).le32(8)};
    } else if (chunk.startsWith(0, "ds64")) {
      rf64DataSize = Bytes(bytesAt(source, head, body, 16)).le64(8);
    } else if (chunk.startsWith(0, "data")) {
      const bool sizeInDs64 = rf64 && size == 0xFFFFFFFF && rf64DataSize;
      // A size past the end (a capture still being written) counts what is there.
      dataSize = std::min(sizeInDs64 ? *rf64DataSize : size, source.size() - body);
    }
    at = body + size + (size & 1);  // chunks are padded to even sizes
  }
  if (!format) throw SniffError("no 'fmt ' chunk before the data");
  if (!dataSize) throw SniffError("no 'data' chunk");
  if (format->bytesPerSecond == 0) throw SniffError("corrupt: 0 bytes per second in 'fmt '");

  MediaInfo info;
  info.container = "wav";
  info.durationSeconds = static_cast<double>(*dataSize) / format->bytesPerSecond;
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  info.streams.push_back({"audio", codecName(format->tag), format->bytesPerSecond * 8ull});
  info.method = "'data' size / 'fmt ' bytes per second";
  return info;
}

}  // namespace interlude::throttling
