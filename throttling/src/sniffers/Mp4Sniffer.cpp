// ISO base media files (MP4, M4A, MOV, 3GP): the duration is mvhd's, as
// libavformat's mov demuxer takes it; per-stream rates come from each track's
// stsz sample sizes over its mdhd duration. Boxes are walked with seeks,
// reading only the headers of everything but the few leaf boxes needed, so a
// moov at the end of the file costs no more than one at the start.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "sniffers/Bytes.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

constexpr int kMaxBoxesPerLevel = 4096;
constexpr int kMaxTrackDepth = 4;  // mdia > minf > stbl, and a little slack
// stsz tables are read for per-stream rates up to this many bytes in all.
constexpr std::uint64_t kSampleTableAllowance = 256 << 10;

struct Box {
  std::string type;
  std::uint64_t offset = 0;  // of the header
  std::uint64_t headerSize = 0;
  std::uint64_t size = 0;  // header included
  std::uint64_t dataOffset() const { return offset + headerSize; }
  std::uint64_t dataSize() const { return size - headerSize; }
  std::uint64_t end() const { return offset + size; }
};

// The header at `offset` of a box inside a parent ending at `parentEnd`: a
// 32-bit size, 1 for a 64-bit size after the type, 0 for "up to the end".
Box readBoxHeader(ByteSource& source, std::uint64_t offset, std::uint64_t parentEnd) {
  const auto bytes = source.read(offset, 16);
  const Bytes header(bytes);
  Box box;
  box.type = std::string(header.text(4, 4));
  box.offset = offset;
  const std::uint64_t size32 = header.be32(0);
  box.headerSize = size32 == 1 ? 16 : 8;
  box.size = size32 == 1 ? header.be64(8) : size32 == 0 ? parentEnd - offset : size32;
  if (box.size < box.headerSize || box.size > UINT64_MAX - offset) {
    throw SniffError("corrupt " + box.type + " box: size " + std::to_string(box.size));
  }
  return box;
}

// Calls `visit` with each box in [begin, end) until it returns true (found).
template <typename Visit>
void forEachBox(ByteSource& source, std::uint64_t begin, std::uint64_t end, Visit&& visit) {
  for (int count = 0; begin + 8 <= end && count < kMaxBoxesPerLevel; ++count) {
    const auto box = readBoxHeader(source, begin, end);
    if (visit(box)) return;
    begin = box.end();
  }
}

// The whole data of a small leaf box, which must lie inside its parent.
std::vector<std::uint8_t> readBoxData(ByteSource& source, const Box& box, std::uint64_t parentEnd,
                                      std::size_t atMost) {
  if (box.end() > parentEnd) throw SniffError("truncated " + box.type + " box");
  const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(box.dataSize(), atMost));
  return source.readExactly(box.dataOffset(), count);
}

// mvhd and mdhd share their layout: version 1 has 64-bit times.
struct Timing {
  std::uint32_t timescale = 0;
  std::uint64_t duration = 0;
  double seconds() const { return timescale ? static_cast<double>(duration) / timescale : 0; }
};

Timing readTiming(ByteSource& source, const Box& box, std::uint64_t parentEnd) {
  const auto data = readBoxData(source, box, parentEnd, 32);
  const Bytes bytes(data);
  if (bytes.u8(0) == 1) return {bytes.be32(20), bytes.be64(24)};
  return {bytes.be32(12), bytes.be32(16)};
}

struct Track {
  std::string handler;  // "vide", "soun"...
  std::string codec;    // first stsd entry's format
  Timing timing;
  std::optional<std::uint64_t> sampleBytes;
};

struct Walk {
  ByteSource& source;
  std::uint64_t sampleTableAllowance = kSampleTableAllowance;
};

// stsz: one size for every sample, or a table of sizes; tables beyond the
// allowance are left unread (the stream then has no rate).
std::optional<std::uint64_t> readSampleBytes(Walk& walk, const Box& box, std::uint64_t parentEnd) {
  const auto head = readBoxData(walk.source, box, parentEnd, 12);
  const Bytes bytes(head);
  const std::uint64_t sampleSize = bytes.be32(4);
  const std::uint64_t count = bytes.be32(8);
  if (sampleSize != 0) return sampleSize * count;
  const auto tableBytes = count * 4;
  if (12 + tableBytes > box.dataSize()) throw SniffError("corrupt stsz: too many samples");
  if (tableBytes > walk.sampleTableAllowance) return std::nullopt;
  walk.sampleTableAllowance -= tableBytes;
  const auto table = walk.source.readExactly(box.dataOffset() + 12, tableBytes);
  const Bytes sizes(table);
  std::uint64_t total = 0;
  for (std::size_t at = 0; at < tableBytes; at += 4) total += sizes.be32(at);
  return total;
}

// Descends trak > mdia > minf > stbl, reading the boxes a Track needs.
void readTrackBoxes(Walk& walk, const Box& parent, Track& track, int depth = 0) {
  if (depth > kMaxTrackDepth) throw SniffError("corrupt trak: boxes nested too deep");
  forEachBox(walk.source, parent.dataOffset(), parent.end(), [&](const Box& box) {
    const auto end = parent.end();
    if (box.type == "mdia" || box.type == "minf" || box.type == "stbl") {
      if (box.end() > end) throw SniffError("truncated " + box.type + " box");
      readTrackBoxes(walk, box, track, depth + 1);
    } else if (box.type == "mdhd") {
      track.timing = readTiming(walk.source, box, end);
    } else if (box.type == "hdlr" && parent.type == "mdia") {  // not minf's data handler
      const auto data = readBoxData(walk.source, box, end, 12);
      track.handler = std::string(Bytes(data).text(8, 4));
    } else if (box.type == "stsd") {
      const auto data = readBoxData(walk.source, box, end, 16);
      const Bytes bytes(data);
      if (bytes.be32(4) > 0) track.codec = std::string(bytes.text(12, 4));
    } else if (box.type == "stsz") {
      track.sampleBytes = readSampleBytes(walk, box, end);
    }
    return false;
  });
}

StreamInfo toStream(const Track& track) {
  StreamInfo stream;
  stream.kind = track.handler == "vide" ? "video" : track.handler == "soun" ? "audio" : "data";
  stream.codec = track.codec;
  if (track.sampleBytes && track.timing.duration > 0 && track.timing.timescale > 0) {
    stream.bitrate = static_cast<std::uint64_t>(static_cast<double>(*track.sampleBytes) * 8 /
                                                track.timing.seconds());
  }
  return stream;
}

MediaInfo readMoov(ByteSource& source, const Box& moov) {
  if (moov.end() > source.size()) {
    throw SniffError("truncated moov box: " + std::to_string(moov.size) + " bytes declared, " +
                     std::to_string(source.size() - moov.offset) + " in the file");
  }
  Walk walk{source};
  Timing movie;
  std::vector<Track> tracks;
  forEachBox(source, moov.dataOffset(), moov.end(), [&](const Box& box) {
    if (box.type == "mvhd") movie = readTiming(source, box, moov.end());
    if (box.type == "trak") {
      if (box.end() > moov.end()) throw SniffError("truncated trak box");
      readTrackBoxes(walk, box, tracks.emplace_back());
    }
    return false;
  });
  MediaInfo info;
  info.container = "mp4";
  info.method = "mvhd duration, file size";
  info.durationSeconds = movie.seconds();
  // Fragmented files may leave mvhd's duration at zero: fall back on the tracks.
  if (info.durationSeconds <= 0) {
    info.method = "longest mdhd duration, file size";
    for (const auto& track : tracks) {
      info.durationSeconds = std::max(info.durationSeconds, track.timing.seconds());
    }
  }
  if (info.durationSeconds <= 0) throw SniffError("no duration in mvhd or mdhd");
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  for (const auto& track : tracks) info.streams.push_back(toStream(track));
  return info;
}

constexpr std::array<std::string_view, 7> kFirstBoxTypes = {"ftyp", "moov", "mdat", "free",
                                                            "wide", "skip", "pnot"};

}  // namespace

bool probeMp4(std::span<const std::uint8_t> head) {
  if (head.size() < 8) return false;
  const Bytes bytes(head);
  const auto size = bytes.be32(0);
  const auto type = bytes.text(4, 4);
  return (size == 0 || size == 1 || size >= 8) &&
         std::find(kFirstBoxTypes.begin(), kFirstBoxTypes.end(), type) != kFirstBoxTypes.end();
}

MediaInfo sniffMp4(ByteSource& source) {
  std::optional<MediaInfo> info;
  std::optional<Box> last;
  forEachBox(source, 0, source.size(), [&](const Box& box) {
    if (box.type == "moov") info = readMoov(source, box);
    last = box;
    return info.has_value();
  });
  if (info) return *info;
  // A partial download of a file with its moov at the end.
  if (last && last->end() > source.size()) {
    return MediaInfo::unknown(
        "mp4", "truncated: no moov before the end of the cut " + last->type + " box");
  }
  return MediaInfo::unknown("mp4", "no moov box");
}

}  // namespace interlude::throttling
