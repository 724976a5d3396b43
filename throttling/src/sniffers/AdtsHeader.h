#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
#include <span>

namespace interlude::throttling {

inline constexpr std::size_t kAdtsHeaderSize = 7;

// An AAC ADTS frame header (ISO/IEC 13818-7 and 14496-3): 7 bytes, 9 with CRC.
// Read by the ADTS sniffer and by the MPEG-TS one for its AAC streams.
struct AdtsHeader {
  std::uint32_t sampleRate = 0;
  std::uint32_t frameLength = 0;  // bytes, header included
  std::uint32_t samples = 0;      // 1024 per raw data block

  // This frame's bitrate, rounded down as libavcodec's ADTS parser does.
  std::uint64_t bitrate() const { return std::uint64_t{frameLength} * 8 * sampleRate / samples; }
  bool sameStream(const AdtsHeader& other) const { return sampleRate == other.sampleRate; }
  double seconds() const { return static_cast<double>(samples) / sampleRate; }
};

// The header at the start of `bytes`, or nothing when there is none there.
inline std::optional<AdtsHeader> parseAdtsHeader(std::span<const std::uint8_t> bytes) {
  static constexpr std::uint32_t kSampleRates[] = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                                   22050, 16000, 12000, 11025, 8000,  7350};
  // Sync word 0xFFF and layer 0 (the layer bits tell MPEG audio frames apart).
  if (bytes.size() < kAdtsHeaderSize || bytes[0] != 0xFF || (bytes[1] & 0xF6) != 0xF0)
    return std::nullopt;
  const unsigned rateIndex = (bytes[2] >> 2) & 0x0F;
  if (rateIndex >= std::size(kSampleRates)) return std::nullopt;
  const bool crc = !(bytes[1] & 0x01);
  AdtsHeader header;
  header.sampleRate = kSampleRates[rateIndex];
  header.frameLength = ((bytes[3] & 0x03u) << 11) | (bytes[4] << 3) | (bytes[5] >> 5);
  header.samples = 1024 * ((bytes[6] & 0x03u) + 1);
  if (header.frameLength < (crc ? 9u : 7u)) return std::nullopt;
  return header;
}

}  // namespace interlude::throttling
