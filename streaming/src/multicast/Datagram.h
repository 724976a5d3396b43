#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace interlude::streaming::multicast {

// The MPEG-TS bytes one datagram carries.
struct TsPayload {
  std::span<const std::uint8_t> bytes;
  std::optional<std::uint16_t> rtpSequence;  // set when the datagram was RTP
};

// Finds the transport stream in a datagram: a raw one starts with the TS sync
// byte 0x47; an RTP one (RFC 3550) has version 2 in its first two bits, and its
// payload follows the 12-byte header, the CSRC list and any header extension,
// less the padding. Nullopt for anything else or a truncated header.
std::optional<TsPayload> tsPayloadOf(std::span<const std::uint8_t> datagram);

// The offset of the first TS packet in `ts` (whole packets from its start)
// that begins a video PES (stream id 0xE0-0xEF) with the random access
// indicator set: where a key frame starts. Encoders (FFmpeg's muxer among
// them) flag audio frames too, hence the stream id.
std::optional<std::size_t> videoRandomAccessIn(std::span<const std::uint8_t> ts);

// Counts RTP packets that never came, from the sequence numbers that did
// (16 bits, wrapping). A late or repeated packet counts nothing and does not
// move the count back.
class RtpSequence {
 public:
  // The packets missing between the newest one seen and `sequence`.
  std::uint32_t missingBefore(std::uint16_t sequence);

 private:
  std::optional<std::uint16_t> newest_;
};

}  // namespace interlude::streaming::multicast
