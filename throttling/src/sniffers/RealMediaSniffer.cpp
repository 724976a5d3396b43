// RealMedia: the duration is the PROP chunk's (ms), as libavformat's rm
// demuxer takes it, or else the longest MDPR stream duration. Each MDPR gives
// its stream's average bit rate and MIME type; the overall rate libavformat
// reports is the file size over the duration, not PROP's average bit rate.
#include <algorithm>

#include "sniffers/Bytes.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

constexpr std::size_t kChunkHeaderSize = 10;  // id, 32-bit size, 16-bit version
constexpr std::size_t kMaxChunkSize = 64 << 10;
constexpr int kMaxHeaderChunks = 256;

struct Stream {
  StreamInfo info;
  std::uint64_t endMs = 0;  // start + duration
};

// The codec four-character code in an MDPR's type-specific data: after
// "VIDO" for RealVideo; for RealAudio, where its header version puts it.
std::string codecOf(const Bytes& bytes, std::size_t at) {
  if (bytes.startsWith(at + 4, "VIDO")) return std::string(bytes.text(at + 8, 4));
  if (!bytes.startsWith(at, ".ra\xfd")) return "";
  switch (bytes.be16(at + 4)) {
    case 3:
      return "lpcJ";  // version 3 is RealAudio 1 (14.4) only
    case 4: {
      // Pascal strings: the interleaver, then the codec.
      const auto interleaver = at + 56;
      const auto codec = interleaver + 1 + bytes.u8(interleaver);
      return std::string(bytes.text(codec + 1, bytes.u8(codec)));
    }
    case 5:
      return std::string(bytes.text(at + 66, 4));
    default:
      return "";
  }
}

// MDPR: number, max and average bit rates, packet sizes, start, preroll and
// duration, then the name, MIME type and type-specific data.
std::optional<Stream> readMdpr(const Bytes& bytes) {
  Stream stream;
  if (const auto rate = bytes.be32(16)) stream.info.bitrate = rate;
  stream.endMs = std::uint64_t{bytes.be32(28)} + bytes.be32(36);
  const auto mimeAt = 41 + std::size_t{bytes.u8(40)};
  const auto mime = bytes.text(mimeAt + 1, bytes.u8(mimeAt));
  // Logical streams ("logical-fileinfo") carry metadata, not media.
  if (mime.starts_with("logical-")) return std::nullopt;
  stream.info.kind = mime.starts_with("video/")   ? "video"
                     : mime.starts_with("audio/") ? "audio"
                                                  : "data";
  const auto typeSpecific = mimeAt + 1 + mime.size();
  if (bytes.be32(typeSpecific) > 0) stream.info.codec = codecOf(bytes, typeSpecific + 4);
  return stream;
}

}  // namespace

bool probeRealMedia(std::span<const std::uint8_t> head) {
  return Bytes(head).startsWith(0, ".RMF");
}

MediaInfo sniffRealMedia(ByteSource& source) {
  std::uint64_t offset = Bytes(source.readExactly(0, 8)).be32(4);  // past .RMF
  std::optional<std::uint32_t> propDurationMs;
  std::vector<Stream> streams;
  for (int count = 0; count < kMaxHeaderChunks && offset + kChunkHeaderSize <= source.size();
       ++count) {
    const auto header = source.readExactly(offset, kChunkHeaderSize);
    const auto id = Bytes(header).text(0, 4);
    const auto size = Bytes(header).be32(4);
    if (size < kChunkHeaderSize) throw SniffError("corrupt " + std::string(id) + " chunk size");
    if (id == "DATA") break;  // the headers come before the data
    if ((id == "PROP" || id == "MDPR") && size > kMaxChunkSize) {
      throw SniffError(std::string(id) + " chunk too large");
    }
    if (id == "PROP") propDurationMs = Bytes(source.readExactly(offset, size)).be32(30);
    if (id == "MDPR") {
      if (auto stream = readMdpr(Bytes(source.readExactly(offset, size)))) {
        streams.push_back(std::move(*stream));
      }
    }
    offset += size;
  }
  if (!propDurationMs) return MediaInfo::unknown("rm", "no PROP chunk");

  MediaInfo info;
  info.container = "rm";
  info.method = "PROP duration, file size";
  std::uint64_t durationMs = *propDurationMs;
  if (durationMs == 0) {
    info.method = "longest MDPR duration, file size";
    for (const auto& stream : streams) durationMs = std::max(durationMs, stream.endMs);
  }
  info.durationSeconds = durationMs / 1000.0;
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  for (const auto& stream : streams) info.streams.push_back(stream.info);
  return info;
}

}  // namespace interlude::throttling
