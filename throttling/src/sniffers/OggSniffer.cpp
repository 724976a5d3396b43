// Ogg: the beginning-of-stream pages at the start carry each logical stream's
// identification header (Vorbis, Opus, FLAC, Theora), which gives the time
// base of its granule positions; the last page of each stream, found by
// scanning the end of the file backwards, gives its duration.
#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "sniffers/Bytes.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

constexpr std::size_t kPageHeader = 27;
constexpr std::size_t kHeadWindow = 16 << 10;
constexpr std::size_t kTailWindow = 64 << 10;
constexpr int kMaxStreams = 16;
constexpr std::uint8_t kBeginningOfStream = 0x02;
constexpr std::uint64_t kNoGranule = ~std::uint64_t{0};

struct Page {
  std::uint8_t flags = 0;
  std::uint64_t granule = 0;
  std::uint32_t serial = 0;
  std::size_t payload = 0;  // offset of the first packet's bytes
  std::size_t end = 0;      // offset of the next page
};

// The page at `at`, or nothing when no whole page header is there.
std::optional<Page> pageAt(const Bytes& bytes, std::size_t at) {
  if (!bytes.startsWith(at, "OggS") || at + kPageHeader > bytes.size() || bytes.u8(at + 4) != 0) {
    return std::nullopt;
  }
  const std::size_t segments = bytes.u8(at + 26);
  if (at + kPageHeader + segments > bytes.size()) return std::nullopt;
  Page page{bytes.u8(at + 5), bytes.le64(at + 6), bytes.le32(at + 14), at + kPageHeader + segments};
  std::size_t length = 0;
  for (std::size_t i = 0; i < segments; ++i) length += bytes.u8(at + kPageHeader + i);
  page.end = page.payload + length;
  return page;
}

// How one logical stream's granule positions turn into seconds.
struct Stream {
  StreamInfo info;
  double granulesPerSecond = 0;
  std::uint64_t preSkip = 0;  // Opus: samples to drop at the start
  unsigned theoraShift = 0;   // Theora: granule = keyframe << shift | frames since
  std::uint64_t lastGranule = kNoGranule;

  double seconds(std::uint64_t granule) const {
    if (theoraShift > 0) {
      granule = (granule >> theoraShift) + (granule & ((std::uint64_t{1} << theoraShift) - 1));
    }
    return static_cast<double>(granule - std::min(granule, preSkip)) / granulesPerSecond;
  }
};

// The stream whose identification packet starts at `at`, or nothing for a codec
// without a known time base.
std::optional<Stream> identify(const Bytes& bytes, std::size_t at) {
  Stream stream;
  if (bytes.startsWith(at, "\x01vorbis")) {
    stream.info = {"audio", "vorbis", std::nullopt};
    stream.granulesPerSecond = bytes.le32(at + 12);
    if (const auto nominal = static_cast<std::int32_t>(bytes.le32(at + 20)); nominal > 0) {
      stream.info.bitrate = static_cast<std::uint64_t>(nominal);
    }
  } else if (bytes.startsWith(at, "OpusHead")) {
    stream.info = {"audio", "opus", std::nullopt};
    stream.granulesPerSecond = 48000;  // Opus granules always count 48 kHz samples
    stream.preSkip = bytes.le16(at + 10);
  } else if (bytes.startsWith(at,
                              "\x7F"
                              "FLAC") &&
             bytes.startsWith(at + 9, "fLaC")) {
    stream.info = {"audio", "flac", std::nullopt};
    // STREAMINFO follows "fLaC" and its block header; the sample rate is 20 bits at byte 10.
    stream.granulesPerSecond = static_cast<double>(bytes.be32(at + 27) >> 12);
  } else if (bytes.startsWith(at, "\x80theora")) {
    stream.info = {"video", "theora", std::nullopt};
    const auto numerator = bytes.be32(at + 22);
    const auto denominator = bytes.be32(at + 26);
    if (denominator == 0) return std::nullopt;
    stream.granulesPerSecond = static_cast<double>(numerator) / denominator;
    stream.theoraShift = ((bytes.u8(at + 40) & 0x03u) << 3) | (bytes.u8(at + 41) >> 5);
  } else {
    return std::nullopt;
  }
  if (!(stream.granulesPerSecond > 0)) return std::nullopt;
  return stream;
}

// Streams by serial number, in the order of the file.
using Streams = std::vector<std::pair<std::uint32_t, Stream>>;

// The streams whose beginning-of-stream pages open the file.
Streams readStreams(const Bytes& head) {
  Streams streams;
  std::size_t at = 0;
  for (int i = 0; i < kMaxStreams; ++i) {
    const auto page = pageAt(head, at);
    if (!page || !(page->flags & kBeginningOfStream)) break;
    if (auto stream = identify(head, page->payload)) streams.emplace_back(page->serial, *stream);
    at = page->end;
  }
  return streams;
}

// Scans `tail` backwards for each stream's last page with a granule position.
void findLastGranules(const Bytes& tail, Streams& streams) {
  std::size_t missing = streams.size();
  for (std::size_t at = tail.size(); at-- > 0 && missing > 0;) {
    const auto page = pageAt(tail, at);
    if (!page || page->granule == kNoGranule) continue;
    const auto stream = std::find_if(streams.begin(), streams.end(), [&](const auto& entry) {
      return entry.first == page->serial;
    });
    if (stream == streams.end() || stream->second.lastGranule != kNoGranule) continue;
    stream->second.lastGranule = page->granule;
    --missing;
  }
}

}  // namespace

bool probeOgg(std::span<const std::uint8_t> head) {
  const auto page = pageAt(Bytes(head), 0);
  return page && (page->flags & kBeginningOfStream);
}

MediaInfo sniffOgg(ByteSource& source) {
  const auto head = source.read(0, kHeadWindow);
  auto streams = readStreams(Bytes(head));
  if (streams.empty()) throw SniffError("no Vorbis, Opus, FLAC or Theora stream");
  const auto tailStart = source.size() - std::min<std::uint64_t>(source.size(), kTailWindow);
  const auto tail = source.read(tailStart, kTailWindow);
  findLastGranules(Bytes(tail), streams);

  MediaInfo info;
  info.container = "ogg";
  bool preSkipped = false;
  for (const auto& [serial, stream] : streams) {
    info.streams.push_back(stream.info);
    if (stream.lastGranule == kNoGranule) continue;
    info.durationSeconds = std::max(info.durationSeconds, stream.seconds(stream.lastGranule));
    preSkipped = preSkipped || stream.preSkip > 0;
  }
  if (info.durationSeconds <= 0) throw SniffError("no granule position in the last 64 KiB");
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  info.method = preSkipped ? "last granule position less Opus pre-skip, file size"
                           : "last granule position, file size";
  return info;
}

}  // namespace interlude::throttling
