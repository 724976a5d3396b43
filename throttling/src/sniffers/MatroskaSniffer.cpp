// Matroska and WebM: the EBML header (DocType), then the Segment's top-level
// elements up to the first Cluster: Info (TimecodeScale, Duration), Tracks and
// SeekHead, whose positions lead to an Info, Tracks or Cues written after the
// clusters. Without a Duration, the last cue point's time stands in for it.
#include <algorithm>
#include <bit>
#include <optional>
#include <vector>

#include "sniffers/Bytes.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

constexpr std::uint32_t kEbml = 0x1A45DFA3;
constexpr std::uint32_t kDocType = 0x4282;
constexpr std::uint32_t kSegment = 0x18538067;
constexpr std::uint32_t kSeekHead = 0x114D9B74;
constexpr std::uint32_t kSeek = 0x4DBB;
constexpr std::uint32_t kSeekId = 0x53AB;
constexpr std::uint32_t kSeekPosition = 0x53AC;
constexpr std::uint32_t kInfo = 0x1549A966;
constexpr std::uint32_t kTimecodeScale = 0x2AD7B1;
constexpr std::uint32_t kDuration = 0x4489;
constexpr std::uint32_t kTracks = 0x1654AE6B;
constexpr std::uint32_t kTrackEntry = 0xAE;
constexpr std::uint32_t kTrackType = 0x83;
constexpr std::uint32_t kCodecId = 0x86;
constexpr std::uint32_t kCues = 0x1C53BB6B;
constexpr std::uint32_t kCuePoint = 0xBB;
constexpr std::uint32_t kCueTime = 0xB3;
constexpr std::uint32_t kCluster = 0x1F43B675;

constexpr std::size_t kHeadWindow = 64 << 10;
constexpr std::size_t kMaxElementHeader = 12;  // 4-byte ID, 8-byte size
constexpr std::uint64_t kMaxBody = 256 << 10;  // Info, Tracks, SeekHead or Cues read whole
constexpr int kMaxTopLevel = 64;
constexpr std::size_t kMaxChildren = 100000;

struct Element {
  std::uint32_t id = 0;
  std::size_t body = 0;      // offset of the body in the buffer it was read from
  std::uint64_t size = 0;    // body bytes; clamped to the buffer for children
  bool unknownSize = false;  // live streams leave the Segment's and Clusters' sizes open
  std::size_t end() const { return body + static_cast<std::size_t>(size); }
};

// An EBML variable-size integer at `at`: its length in bytes and its value,
// with the length marker kept (IDs) or removed (sizes).
std::pair<std::size_t, std::uint64_t> readVint(const Bytes& bytes, std::size_t at, bool keepMarker,
                                               std::size_t maxLength) {
  const auto first = bytes.u8(at);
  const auto length = static_cast<std::size_t>(std::countl_zero(first)) + 1;
  if (first == 0 || length > maxLength) throw SniffError("corrupt: bad EBML number");
  auto value = bytes.be(at, length);
  if (!keepMarker) value &= ~(std::uint64_t{1} << (7 * length));
  return {length, value};
}

Element readElement(const Bytes& bytes, std::size_t at) {
  const auto [idLength, id] = readVint(bytes, at, true, 4);
  const auto [sizeLength, size] = readVint(bytes, at + idLength, false, 8);
  Element element{static_cast<std::uint32_t>(id), at + idLength + sizeLength, size, false};
  element.unknownSize = size == (std::uint64_t{1} << (7 * sizeLength)) - 1;
  return element;
}

// The children of the body [begin, end) of `bytes`; a child running past the
// end (a cut file) is clamped to it.
std::vector<Element> children(const Bytes& bytes, std::size_t begin, std::size_t end) {
  std::vector<Element> found;
  for (auto at = begin; at < end && found.size() < kMaxChildren;) {
    auto child = readElement(bytes, at);
    if (child.unknownSize || child.body > end || child.size > end - child.body) {
      child.size = end - std::min(end, child.body);
    }
    found.push_back(child);
    at = child.end();
  }
  return found;
}

std::uint64_t unsignedValue(const Bytes& bytes, const Element& element) {
  if (element.size > 8) throw SniffError("corrupt: integer of more than 8 bytes");
  return element.size == 0 ? 0 : bytes.be(element.body, static_cast<std::size_t>(element.size));
}

double floatValue(const Bytes& bytes, const Element& element) {
  if (element.size == 4) return std::bit_cast<float>(bytes.be32(element.body));
  if (element.size == 8) return std::bit_cast<double>(bytes.be64(element.body));
  throw SniffError("corrupt: float of " + std::to_string(element.size) + " bytes");
}

std::string textValue(const Bytes& bytes, const Element& element) {
  std::string text(bytes.text(element.body, static_cast<std::size_t>(element.size)));
  return text.substr(0, text.find('\0'));  // strings may be zero-padded
}

struct Segment {
  std::uint64_t dataStart = 0;            // SeekHead positions count from here
  std::uint64_t timecodeScale = 1000000;  // nanoseconds per tick
  std::optional<double> durationTicks;
  bool haveInfo = false;
  bool haveTracks = false;
  std::optional<std::uint64_t> infoAt, tracksAt, cuesAt;  // from the SeekHead
  std::optional<std::uint64_t> lastCueTicks;
  std::vector<StreamInfo> streams;
};

void readInfo(const Bytes& body, Segment& segment) {
  segment.haveInfo = true;
  for (const auto& child : children(body, 0, body.size())) {
    if (child.id == kTimecodeScale) segment.timecodeScale = unsignedValue(body, child);
    if (child.id == kDuration) segment.durationTicks = floatValue(body, child);
  }
}

StreamInfo readTrack(const Bytes& body, const Element& entry) {
  StreamInfo stream{"data", "", std::nullopt};
  for (const auto& child : children(body, entry.body, entry.end())) {
    if (child.id == kCodecId) stream.codec = textValue(body, child);
    if (child.id != kTrackType) continue;
    const auto type = unsignedValue(body, child);
    stream.kind = type == 1 ? "video" : type == 2 ? "audio" : "data";
  }
  return stream;
}

void readTracks(const Bytes& body, Segment& segment) {
  segment.haveTracks = true;
  for (const auto& entry : children(body, 0, body.size())) {
    if (entry.id == kTrackEntry) segment.streams.push_back(readTrack(body, entry));
  }
}

void readSeekHead(const Bytes& body, Segment& segment) {
  for (const auto& seek : children(body, 0, body.size())) {
    if (seek.id != kSeek) continue;
    std::uint64_t id = 0;
    std::optional<std::uint64_t> position;
    for (const auto& child : children(body, seek.body, seek.end())) {
      if (child.id == kSeekId) id = unsignedValue(body, child);
      if (child.id == kSeekPosition) position = segment.dataStart + unsignedValue(body, child);
    }
    if (id == kInfo) segment.infoAt = position;
    if (id == kTracks) segment.tracksAt = position;
    if (id == kCues) segment.cuesAt = position;
  }
}

void readCues(const Bytes& body, Segment& segment) {
  for (const auto& point : children(body, 0, body.size())) {
    if (point.id != kCuePoint) continue;
    for (const auto& child : children(body, point.body, point.end())) {
      if (child.id != kCueTime) continue;
      segment.lastCueTicks = std::max(segment.lastCueTicks.value_or(0), unsignedValue(body, child));
    }
  }
}

// `count` bytes at `offset` of the file: in the head when it holds them, else
// read into `storage`.
std::span<const std::uint8_t> bytesAt(ByteSource& source, std::span<const std::uint8_t> head,
                                      std::uint64_t offset, std::size_t count,
                                      std::vector<std::uint8_t>& storage) {
  if (offset <= head.size() && count <= head.size() - offset) {
    return head.subspan(static_cast<std::size_t>(offset), count);
  }
  storage = source.read(offset, count);
  return storage;
}

struct TopLevel {
  std::uint32_t id = 0;
  std::uint64_t end = 0;  // where the next top-level element starts
  bool unknownSize = false;
};

// Reads the top-level element at `offset` of the file and, when it is one the
// sniffer wants, its body.
TopLevel visit(ByteSource& source, std::span<const std::uint8_t> head, std::uint64_t offset,
               Segment& segment) {
  std::vector<std::uint8_t> storage;
  const auto element =
      readElement(Bytes(bytesAt(source, head, offset, kMaxElementHeader, storage)), 0);
  const TopLevel topLevel{element.id, offset + element.body + element.size, element.unknownSize};
  const bool wanted = element.id == kInfo || element.id == kTracks || element.id == kSeekHead ||
                      (element.id == kCues && !segment.durationTicks);
  if (!wanted || element.unknownSize || element.size > kMaxBody) return topLevel;
  const auto size = static_cast<std::size_t>(element.size);
  const Bytes body(bytesAt(source, head, offset + element.body, size, storage));
  if (body.size() != size) throw SniffError("truncated: top-level element past the end");
  if (element.id == kInfo) readInfo(body, segment);
  if (element.id == kTracks) readTracks(body, segment);
  if (element.id == kSeekHead) readSeekHead(body, segment);
  if (element.id == kCues) readCues(body, segment);
  return topLevel;
}

// Walks the Segment's top-level elements up to the first Cluster, then follows
// the SeekHead to what comes after the clusters.
void readSegment(ByteSource& source, std::span<const std::uint8_t> head, std::uint64_t end,
                 Segment& segment) {
  auto at = segment.dataStart;
  for (int i = 0; i < kMaxTopLevel && at < end; ++i) {
    const auto element = visit(source, head, at, segment);
    if (element.id == kCluster || element.unknownSize) break;
    at = element.end;
  }
  if (!segment.haveInfo && segment.infoAt) visit(source, head, *segment.infoAt, segment);
  if (!segment.haveTracks && segment.tracksAt) visit(source, head, *segment.tracksAt, segment);
  if (!segment.durationTicks && segment.cuesAt) visit(source, head, *segment.cuesAt, segment);
}

}  // namespace

bool probeMatroska(std::span<const std::uint8_t> head) {
  return Bytes(head).startsWith(0, "\x1A\x45\xDF\xA3");
}

MediaInfo sniffMatroska(ByteSource& source) {
  const auto head = source.read(0, kHeadWindow);
  const Bytes bytes(head);
  const auto ebml = readElement(bytes, 0);
  if (ebml.id != kEbml) throw SniffError("corrupt: no EBML header");
  std::string docType = "matroska";
  for (const auto& child : children(bytes, ebml.body, ebml.end())) {
    if (child.id == kDocType) docType = textValue(bytes, child);
  }
  if (docType != "matroska" && docType != "webm") throw SniffError("EBML DocType " + docType);
  const auto segmentElement = readElement(bytes, ebml.end());
  if (segmentElement.id != kSegment) throw SniffError("corrupt: no Segment after the EBML header");

  Segment segment;
  segment.dataStart = segmentElement.body;
  const auto end = segmentElement.unknownSize
                       ? source.size()
                       : std::min(source.size(), segment.dataStart + segmentElement.size);
  readSegment(source, head, end, segment);

  MediaInfo info;
  info.container = "matroska";
  info.streams = std::move(segment.streams);
  const double secondsPerTick = static_cast<double>(segment.timecodeScale) / 1e9;
  if (segment.durationTicks) {
    info.durationSeconds = *segment.durationTicks * secondsPerTick;
    info.method = "Info Duration, file size";
  } else if (segment.lastCueTicks) {
    info.durationSeconds = static_cast<double>(*segment.lastCueTicks) * secondsPerTick;
    info.method = "last cue point, file size";
  } else {
    throw SniffError("no Duration in Info and no cue points");
  }
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  return info;
}

}  // namespace interlude::throttling
