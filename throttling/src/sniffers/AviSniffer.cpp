// AVI: each stream lasts strh's length x scale / rate (for video, OpenDML's
// dmlh total frame count when larger: strh only counts the first RIFF of a file
// over 1 GB), and the file as long as its longest stream, as in libavformat's
// avi demuxer. Audio rates are strf's average bytes per second; other streams'
// rates are their idx1 chunk sizes over their duration, when idx1 is small.
#include <algorithm>

#include "sniffers/FileBitrate.h"
#include "sniffers/RiffChunks.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

constexpr std::size_t kMaxHdrlSize = 256 << 10;
constexpr std::size_t kMaxIdx1Size = 192 << 10;
constexpr std::size_t kIdx1EntrySize = 16;
constexpr std::size_t kMaxStreams = 100;  // stream numbers are two digits in chunk ids

struct Stream {
  std::string type;  // strh fccType: "vids", "auds"...
  std::string codec;
  std::uint32_t scale = 0;
  std::uint32_t rate = 0;
  std::uint64_t length = 0;
  std::optional<std::uint64_t> bitrate;
  double seconds() const { return rate ? static_cast<double>(length) * scale / rate : 0; }
};

struct Headers {
  std::uint32_t microsPerFrame = 0;
  std::uint64_t totalFrames = 0;  // avih's, or OpenDML dmlh's when larger
  bool openDml = false;
  std::vector<Stream> streams;
};

std::string fourcc(const Bytes& bytes, std::size_t at) {
  const auto text = bytes.text(at, 4);
  return std::string(text.substr(0, text.find('\0')));
}

// strh and strf of one LIST strl.
Stream readStreamList(const Bytes& bytes, const RiffChunk& strl) {
  Stream stream;
  forEachRiffChunk(
      bytes, strl.dataOffset + 4, strl.dataOffset + strl.size, [&](const RiffChunk& c) {
        if (c.id == "strh" && c.size >= 36) {
          stream.type = fourcc(bytes, c.dataOffset);
          stream.codec = fourcc(bytes, c.dataOffset + 4);
          stream.scale = bytes.le32(c.dataOffset + 20);
          stream.rate = bytes.le32(c.dataOffset + 24);
          stream.length = bytes.le32(c.dataOffset + 32);
        } else if (c.id == "strf" && stream.type == "auds" && c.size >= 12) {
          // WAVEFORMATEX: the format tag names the codec, then the average byte rate.
          stream.codec = waveFormatTagName(bytes.le16(c.dataOffset));
          stream.bitrate = std::uint64_t{bytes.le32(c.dataOffset + 8)} * 8;
        } else if (c.id == "strf" && stream.type == "vids" && c.size >= 20) {
          stream.codec = fourcc(bytes, c.dataOffset + 16);  // BITMAPINFOHEADER biCompression
        }
      });
  return stream;
}

Headers readHdrl(const Bytes& bytes) {
  Headers headers;
  forEachRiffChunk(bytes, 4, bytes.size(), [&](const RiffChunk& chunk) {
    if (chunk.id == "avih" && chunk.size >= 20) {
      headers.microsPerFrame = bytes.le32(chunk.dataOffset);
      headers.totalFrames =
          std::max<std::uint64_t>(headers.totalFrames, bytes.le32(chunk.dataOffset + 16));
    } else if (chunk.isList(bytes, "strl") && headers.streams.size() < kMaxStreams) {
      headers.streams.push_back(readStreamList(bytes, chunk));
    } else if (chunk.isList(bytes, "odml")) {
      forEachRiffChunk(
          bytes, chunk.dataOffset + 4, chunk.dataOffset + chunk.size, [&](const RiffChunk& dmlh) {
            if (dmlh.id != "dmlh" || dmlh.size < 4) return;
            headers.openDml = true;
            headers.totalFrames =
                std::max<std::uint64_t>(headers.totalFrames, bytes.le32(dmlh.dataOffset));
          });
    }
  });
  return headers;
}

struct ChunkData {
  std::uint64_t offset = 0;
  std::uint32_t size = 0;
};

// Where the top-level hdrl and idx1 chunks' data are in the first RIFF.
struct Layout {
  std::optional<ChunkData> hdrl;
  std::optional<ChunkData> idx1;
};

Layout findChunks(ByteSource& source, std::uint64_t riffEnd) {
  Layout layout;
  std::uint64_t offset = 12;
  for (int count = 0; offset + 12 <= riffEnd && count < kMaxRiffChunks; ++count) {
    const auto header = source.readExactly(offset, 12);
    const Bytes bytes(header);
    const auto id = bytes.text(0, 4);
    const std::uint32_t size = bytes.le32(4);
    if (id == "LIST" && bytes.text(8, 4) == "hdrl") layout.hdrl = ChunkData{offset + 8, size};
    if (id == "idx1") layout.idx1 = ChunkData{offset + 8, size};
    offset += 8 + std::uint64_t{size} + (size & 1);
  }
  return layout;
}

// Per-stream rates from idx1 entries ("01wb": stream 1), for the streams the
// headers gave none: as libavformat computes them, the bytes over the time from
// the first entry to the last, one frame (scale / rate) each.
void addIndexRates(ByteSource& source, const ChunkData& idx1, std::vector<Stream>& streams) {
  const auto size = idx1.size - idx1.size % kIdx1EntrySize;
  const auto entries = source.readExactly(idx1.offset, size);
  const Bytes bytes(entries);
  std::vector<std::uint64_t> totals(streams.size());
  std::vector<std::uint64_t> counts(streams.size());
  for (std::size_t at = 0; at < size; at += kIdx1EntrySize) {
    const auto tens = bytes.u8(at) - '0';
    const auto units = bytes.u8(at + 1) - '0';
    if (tens < 0 || tens > 9 || units < 0 || units > 9) continue;
    const auto number = static_cast<std::size_t>(tens * 10 + units);
    if (number >= totals.size()) continue;
    totals[number] += bytes.le32(at + 12);
    ++counts[number];
  }
  for (std::size_t i = 0; i < streams.size(); ++i) {
    auto& stream = streams[i];
    if (stream.bitrate || counts[i] < 2 || stream.rate == 0) continue;
    const auto seconds = static_cast<double>(counts[i] - 1) * stream.scale / stream.rate;
    if (seconds > 0) stream.bitrate = static_cast<std::uint64_t>(totals[i] * 8 / seconds);
  }
}

StreamInfo toStreamInfo(const Stream& stream) {
  const auto kind = stream.type == "vids" ? "video" : stream.type == "auds" ? "audio" : "data";
  return {kind, stream.codec, stream.bitrate};
}

}  // namespace

bool probeAvi(std::span<const std::uint8_t> head) {
  const Bytes bytes(head);
  return bytes.startsWith(0, "RIFF") && bytes.startsWith(8, "AVI ");
}

MediaInfo sniffAvi(ByteSource& source) {
  const auto riff = source.readExactly(0, 12);
  // A RIFF size of 0 or past the end (a file still being written) means "to the end".
  const auto riffSize = std::uint64_t{Bytes(riff).le32(4)} + 8;
  const auto riffEnd = riffSize > 8 && riffSize < source.size() ? riffSize : source.size();
  const auto layout = findChunks(source, riffEnd);
  if (!layout.hdrl) return MediaInfo::unknown("avi", "no LIST hdrl chunk");
  if (layout.hdrl->size > kMaxHdrlSize) throw SniffError("LIST hdrl chunk too large");
  const auto hdrl = source.readExactly(layout.hdrl->offset, layout.hdrl->size);
  auto headers = readHdrl(Bytes(hdrl));

  MediaInfo info;
  info.container = "avi";
  info.method = "strh stream lengths, file size";
  for (auto& stream : headers.streams) {
    if (stream.type == "vids" && headers.openDml) {
      stream.length = std::max(stream.length, headers.totalFrames);
    }
    info.durationSeconds = std::max(info.durationSeconds, stream.seconds());
  }
  if (headers.openDml) info.method = "strh stream lengths, OpenDML frame count, file size";
  if (info.durationSeconds <= 0) {
    info.durationSeconds = headers.microsPerFrame * 1e-6 * static_cast<double>(headers.totalFrames);
    info.method = "avih frame duration and count, file size";
  }
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  if (layout.idx1 && layout.idx1->size <= kMaxIdx1Size &&
      layout.idx1->offset + layout.idx1->size <= source.size()) {
    addIndexRates(source, *layout.idx1, headers.streams);
    info.method += ", idx1 sizes";
  }
  for (const auto& stream : headers.streams) info.streams.push_back(toStreamInfo(stream));
  return info;
}

}  // namespace interlude::throttling
