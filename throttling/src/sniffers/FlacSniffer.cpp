// Native FLAC: "fLaC" then the STREAMINFO metadata block, which holds the
// sample rate and the total number of samples.
#include "sniffers/Bytes.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/Id3v2.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

// "fLaC", a 4-byte metadata block header, then STREAMINFO's 34 bytes.
constexpr std::size_t kStreamInfoEnd = 4 + 4 + 34;

// Some taggers put an ID3v2 tag before "fLaC"; libavformat accepts it too.
bool isFlacAt(const Bytes& bytes, std::uint64_t at) {
  return at < bytes.size() && bytes.startsWith(static_cast<std::size_t>(at), "fLaC");
}

}  // namespace

bool probeFlac(std::span<const std::uint8_t> head) {
  return isFlacAt(Bytes(head), afterId3v2(head));
}

MediaInfo sniffFlac(ByteSource& source) {
  const auto start = afterId3v2(source);
  const auto head = source.readExactly(start, kStreamInfoEnd);
  const Bytes bytes(head);
  if (!isFlacAt(bytes, 0)) throw SniffError("no \"fLaC\" after the tags");
  if ((bytes.u8(4) & 0x7F) != 0)
    throw SniffError("corrupt: first metadata block is not STREAMINFO");
  // STREAMINFO from byte 8: min/max block and frame sizes (10 bytes), then
  // 20 bits of sample rate, 3 of channels, 5 of bits per sample, 36 of samples.
  const auto packed = bytes.be64(18);
  const auto sampleRate = static_cast<std::uint32_t>(packed >> 44);
  const auto samples = packed & ((std::uint64_t{1} << 36) - 1);
  if (sampleRate == 0) throw SniffError("corrupt: sample rate 0 in STREAMINFO");
  if (samples == 0) throw SniffError("STREAMINFO does not give the number of samples");

  MediaInfo info;
  info.container = "flac";
  info.durationSeconds = static_cast<double>(samples) / sampleRate;
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  info.streams.push_back({"audio", "flac", std::nullopt});
  info.method = "STREAMINFO samples, file size";
  return info;
}

}  // namespace interlude::throttling
