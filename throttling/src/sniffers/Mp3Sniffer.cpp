// MPEG audio (MP1, MP2, MP3): frames found after the ID3v2 tags. A Xing/Info
// or VBRI header in the first frame gives the frame count (VBR and LAME's CBR
// files); otherwise the file is taken as CBR at the first frame's bitrate, as
// libavformat does.
#include <cmath>
#include <optional>

#include "sniffers/Bytes.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/FrameSync.h"
#include "sniffers/Id3v2.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

constexpr std::size_t kHeaderSize = 4;
// Where the frames are looked for after the tags: junk before the first frame
// is rare and short.
constexpr std::size_t kSyncWindow = 16 << 10;
constexpr std::size_t kId3v1Size = 128;

struct FrameHeader {
  bool mpeg1 = false;
  int layer = 0;  // 1, 2 or 3
  bool mono = false;
  std::uint32_t bitrate = 0;  // bits per second
  std::uint32_t sampleRate = 0;
  std::uint32_t samplesPerFrame = 0;
  std::uint32_t frameLength = 0;  // bytes, header included

  bool sameStream(const FrameHeader& other) const {
    return mpeg1 == other.mpeg1 && layer == other.layer && sampleRate == other.sampleRate;
  }
  // The side information between the header and a Xing tag.
  std::size_t sideInfoSize() const {
    if (mpeg1) return mono ? 17 : 32;
    return mono ? 9 : 17;
  }
};

std::uint32_t kbitsPerSecond(bool mpeg1, int layer, unsigned index) {
  static constexpr std::uint16_t kMpeg1[3][15] = {
      {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
      {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}};
  static constexpr std::uint16_t kMpeg2[2][15] = {
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}};
  if (mpeg1) return kMpeg1[layer - 1][index];
  return kMpeg2[layer == 1 ? 0 : 1][index];
}

// The frame header at the start of `bytes`, or nothing. Free-format (bitrate
// index 0) frames are refused: their length is not in the header.
std::optional<FrameHeader> parseHeader(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kHeaderSize || bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0) {
    return std::nullopt;
  }
  const unsigned version = (bytes[1] >> 3) & 3;    // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
  const unsigned layerBits = (bytes[1] >> 1) & 3;  // 0: reserved, 1: III, 2: II, 3: I
  const unsigned bitrateIndex = bytes[2] >> 4;
  const unsigned rateIndex = (bytes[2] >> 2) & 3;
  if (version == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
    return std::nullopt;
  }
  static constexpr std::uint32_t kMpeg1Rates[] = {44100, 48000, 32000};
  FrameHeader header;
  header.mpeg1 = version == 3;
  header.layer = static_cast<int>(4 - layerBits);
  header.mono = (bytes[3] >> 6) == 3;
  header.bitrate = kbitsPerSecond(header.mpeg1, header.layer, bitrateIndex) * 1000;
  header.sampleRate = kMpeg1Rates[rateIndex] >> (header.mpeg1 ? 0 : version == 2 ? 1 : 2);
  const std::uint32_t padding = (bytes[2] >> 1) & 1;
  if (header.layer == 1) {
    header.samplesPerFrame = 384;
    header.frameLength = (12 * header.bitrate / header.sampleRate + padding) * 4;
  } else {
    const bool halfFrames = header.layer == 3 && !header.mpeg1;
    header.samplesPerFrame = halfFrames ? 576 : 1152;
    header.frameLength = header.samplesPerFrame / 8 * header.bitrate / header.sampleRate + padding;
  }
  return header;
}

// Frame count and audio bytes of a Xing/Info (LAME) or VBRI (Fraunhofer) header.
struct VbrTag {
  const char* name;
  std::uint32_t frames = 0;
  std::uint32_t bytes = 0;
};

std::optional<VbrTag> findVbrTag(const Bytes& frame, const FrameHeader& header) {
  const auto xing = kHeaderSize + header.sideInfoSize();
  if (frame.startsWith(xing, "Xing") || frame.startsWith(xing, "Info")) {
    const auto flags = frame.be32(xing + 4);
    if (!(flags & 1)) return std::nullopt;  // no frame count
    VbrTag tag{frame.startsWith(xing, "Xing") ? "Xing" : "Info"};
    tag.frames = frame.be32(xing + 8);
    if (flags & 2) tag.bytes = frame.be32(xing + 12);
    return tag;
  }
  constexpr std::size_t kVbri = kHeaderSize + 32;  // always after 32 bytes
  if (frame.startsWith(kVbri, "VBRI")) {
    return VbrTag{"VBRI", frame.be32(kVbri + 14), frame.be32(kVbri + 10)};
  }
  return std::nullopt;
}

const char* codecName(int layer) {
  static constexpr const char* kNames[] = {"mp1", "mp2", "mp3"};
  return kNames[layer - 1];
}

// Where the audio ends: before an ID3v1 tag.
std::uint64_t audioEnd(ByteSource& source) {
  if (source.size() < kId3v1Size) return source.size();
  const auto tail = source.read(source.size() - kId3v1Size, 3);
  const bool tagged = tail.size() == 3 && tail[0] == 'T' && tail[1] == 'A' && tail[2] == 'G';
  return source.size() - (tagged ? kId3v1Size : 0);
}

}  // namespace

bool probeMp3(std::span<const std::uint8_t> head) {
  const auto start = afterId3v2(head);
  if (start >= head.size()) return start > 0;  // a tag longer than the head
  return findFrameSync<kHeaderSize>(head.subspan(static_cast<std::size_t>(start)), parseHeader)
      .has_value();
}

MediaInfo sniffMp3(ByteSource& source) {
  const auto tagsEnd = afterId3v2(source);
  const auto window = source.read(tagsEnd, kSyncWindow);
  const auto sync = findFrameSync<kHeaderSize>(window, parseHeader);
  if (!sync) throw SniffError("no MPEG audio frames after the tags");
  const Bytes frame{std::span<const std::uint8_t>(window).subspan(*sync)};
  const auto header = *parseHeader(frame.span());
  const auto audioStart = tagsEnd + *sync;

  MediaInfo info;
  info.container = "mp3";
  StreamInfo stream{"audio", codecName(header.layer), std::nullopt};
  if (const auto tag = findVbrTag(frame, header); tag && tag->frames > 0) {
    info.durationSeconds =
        static_cast<double>(tag->frames) * header.samplesPerFrame / header.sampleRate;
    // Rounded, as libavformat's rescaling does.
    if (tag->bytes > 0) stream.bitrate = std::llround(tag->bytes * 8.0 / info.durationSeconds);
    info.method = std::string(tag->name) + " frame count, file size";
  } else {
    const auto end = audioEnd(source);
    if (end <= audioStart) throw SniffError("truncated: no audio after the tags");
    info.durationSeconds = static_cast<double>(end - audioStart) * 8 / header.bitrate;
    stream.bitrate = header.bitrate;
    info.method = "first frame bitrate, audio size";
  }
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  info.streams.push_back(std::move(stream));
  return info;
}

}  // namespace interlude::throttling
