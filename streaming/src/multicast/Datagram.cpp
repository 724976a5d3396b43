#include "multicast/Datagram.h"

namespace interlude::streaming::multicast {
namespace {

constexpr std::uint8_t kTsSyncByte = 0x47;
constexpr std::size_t kRtpFixedHeader = 12;
constexpr std::size_t kExtensionHeader = 4;
constexpr std::size_t kTsPacket = 188;

// Whether one TS packet starts a video PES at a random access point.
bool startsVideoKeyFrame(std::span<const std::uint8_t> packet) {
  const bool unitStart = packet[1] & 0x40;
  const bool adaptation = packet[3] & 0x20;
  const bool payload = packet[3] & 0x10;
  if (packet[0] != kTsSyncByte || !unitStart || !adaptation || !payload) return false;
  const std::size_t adaptationLength = packet[4];
  if (adaptationLength == 0 || !(packet[5] & 0x40)) return false;  // random_access_indicator
  const std::size_t pes = 5 + adaptationLength;
  return pes + 4 <= packet.size() && packet[pes] == 0 && packet[pes + 1] == 0 &&
         packet[pes + 2] == 1 && (packet[pes + 3] & 0xf0) == 0xe0;
}

}  // namespace

std::optional<TsPayload> tsPayloadOf(std::span<const std::uint8_t> datagram) {
  if (datagram.empty()) return std::nullopt;
  if (datagram[0] == kTsSyncByte) return TsPayload{datagram, std::nullopt};
  if (datagram.size() < kRtpFixedHeader || (datagram[0] >> 6) != 2) return std::nullopt;
  const bool padded = datagram[0] & 0x20;
  const bool extended = datagram[0] & 0x10;
  const std::size_t csrcCount = datagram[0] & 0x0f;
  std::size_t start = kRtpFixedHeader + 4 * csrcCount;
  if (extended) {
    if (datagram.size() < start + kExtensionHeader) return std::nullopt;
    const std::size_t words = (std::size_t{datagram[start + 2]} << 8) | datagram[start + 3];
    start += kExtensionHeader + 4 * words;
  }
  std::size_t end = datagram.size();
  if (padded) {
    const std::size_t padding = datagram.back();
    if (padding == 0 || padding > end) return std::nullopt;
    end -= padding;
  }
  if (start > end) return std::nullopt;
  const auto sequence = static_cast<std::uint16_t>((datagram[2] << 8) | datagram[3]);
  return TsPayload{datagram.subspan(start, end - start), sequence};
}

std::optional<std::size_t> videoRandomAccessIn(std::span<const std::uint8_t> ts) {
  for (std::size_t offset = 0; offset + kTsPacket <= ts.size(); offset += kTsPacket) {
    if (startsVideoKeyFrame(ts.subspan(offset, kTsPacket))) return offset;
  }
  return std::nullopt;
}

std::uint32_t RtpSequence::missingBefore(std::uint16_t sequence) {
  if (!newest_) {
    newest_ = sequence;
    return 0;
  }
  const auto ahead = static_cast<std::uint16_t>(sequence - *newest_);
  // More than half the sequence space ahead is a packet from the past.
  if (ahead == 0 || ahead >= 0x8000) return 0;
  newest_ = sequence;
  return ahead - 1u;
}

}  // namespace interlude::streaming::multicast
