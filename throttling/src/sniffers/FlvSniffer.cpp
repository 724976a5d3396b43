// FLV: the duration is onMetaData's, as libavformat's flv demuxer takes it, or
// else the timestamp of the last tag, found through the PreviousTagSize that
// ends the file (the demuxer's own fallback). Stream rates are the metadata's
// videodatarate/audiodatarate.
#include <bit>
#include <cmath>
#include <map>

#include "sniffers/Bytes.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

constexpr std::size_t kFileHeaderSize = 9;
constexpr std::size_t kTagHeaderSize = 11;
constexpr int kMaxHeadTags = 16;  // tags looked at for onMetaData and codecs
constexpr std::size_t kMaxScriptTagSize = 128 << 10;
constexpr int kMaxTrailingTagsWithoutTime = 8;
constexpr int kMaxAmfDepth = 16;

enum TagType : std::uint8_t { kAudioTag = 8, kVideoTag = 9, kScriptTag = 18 };

using Numbers = std::map<std::string, double, std::less<>>;

// AMF0 as onMetaData uses it: the numbers among the top-level properties are
// kept, every other value is skipped. Data cut short throws SniffError.
class AmfReader {
 public:
  explicit AmfReader(std::span<const std::uint8_t> data) : bytes_(data) {}

  std::string_view string() {
    const auto length = bytes_.be16(take(2));
    return bytes_.text(take(length), length);
  }

  // An ECMA array or object of properties; anything else has no numbers.
  Numbers topLevelNumbers() {
    Numbers numbers;
    const auto type = bytes_.u8(take(1));
    if (type != kEcmaArray && type != kObject) return numbers;
    if (type == kEcmaArray) take(4);  // its count, which the end marker makes redundant
    properties(0, [&](std::string_view name, std::optional<double> number) {
      if (number) numbers.emplace(name, *number);
    });
    return numbers;
  }

 private:
  enum : std::uint8_t { kNumber = 0, kObject = 3, kEcmaArray = 8, kObjectEnd = 9 };

  // Name/value pairs up to the end marker: an empty name, then 0x09.
  template <typename Visit>
  void properties(int depth, Visit&& visit) {
    for (;;) {
      const auto name = string();
      if (name.empty() && bytes_.u8(at_) == kObjectEnd) {
        take(1);
        return;
      }
      visit(name, value(depth + 1));
    }
  }

  // The value at the cursor: a number is returned, anything else skipped.
  std::optional<double> value(int depth) {
    if (depth > kMaxAmfDepth) throw SniffError("corrupt onMetaData: nested too deep");
    const auto ignore = [](std::string_view, std::optional<double>) {};
    const auto type = bytes_.u8(take(1));
    switch (type) {
      case kNumber:
        return std::bit_cast<double>(bytes_.be64(take(8)));
      case 1:  // boolean
        take(1);
        break;
      case 2:  // string
        string();
        break;
      case kObject:
        properties(depth, ignore);
        break;
      case 5:  // null
      case 6:  // undefined
        break;
      case 7:  // reference
        take(2);
        break;
      case kEcmaArray:
        take(4);
        properties(depth, ignore);
        break;
      case 10:  // strict array
        for (auto n = bytes_.be32(take(4)); n > 0; --n) value(depth + 1);
        break;
      case 11:  // date: milliseconds and a time zone
        take(10);
        break;
      case 12:  // long string
        take(bytes_.be32(take(4)));
        break;
      default:
        throw SniffError("corrupt onMetaData: AMF type " + std::to_string(type));
    }
    return std::nullopt;
  }

  // Moves past `count` bytes that must be there; returns where they start.
  std::size_t take(std::size_t count) {
    bytes_.text(at_, count);
    at_ += count;
    return at_ - count;
  }

  Bytes bytes_;
  std::size_t at_ = 0;
};

struct Tag {
  std::uint64_t offset = 0;
  std::uint8_t type = 0;
  std::uint32_t dataSize = 0;
  std::uint32_t timestampMs = 0;
  std::uint64_t end() const { return offset + kTagHeaderSize + dataSize + 4; }  // + PreviousTagSize
};

Tag readTag(ByteSource& source, std::uint64_t offset) {
  const auto header = source.readExactly(offset, kTagHeaderSize);
  const Bytes bytes(header);
  // The 24-bit timestamp is extended by the 8 bits that follow it.
  const auto timestamp = bytes.be(4, 3) | (std::uint64_t{bytes.u8(7)} << 24);
  return {offset, static_cast<std::uint8_t>(bytes.u8(0) & 0x1f),
          static_cast<std::uint32_t>(bytes.be(1, 3)), static_cast<std::uint32_t>(timestamp)};
}

// The onMetaData numbers; an empty map when they cannot be read.
Numbers readMetadata(ByteSource& source, const Tag& tag) {
  if (tag.dataSize > kMaxScriptTagSize) return {};
  const auto data = source.readExactly(tag.offset + kTagHeaderSize, tag.dataSize);
  // A script tag is a name, as an AMF string value (type 2), and its value.
  if (data.empty() || data[0] != 2) return {};
  try {
    AmfReader amf{std::span(data).subspan(1)};
    if (amf.string() != "onMetaData") return {};
    return amf.topLevelNumbers();
  } catch (const SniffError&) {
    return {};
  }
}

struct Head {
  Numbers metadata;
  std::optional<int> videoCodec;
  std::optional<int> audioCodec;
};

// The first tags: onMetaData and the codec ids in the first audio/video tags.
Head readHeadTags(ByteSource& source, std::uint64_t offset) {
  Head head;
  for (int count = 0; count < kMaxHeadTags && offset + kTagHeaderSize < source.size(); ++count) {
    const auto tag = readTag(source, offset);
    if (tag.type == kScriptTag && head.metadata.empty()) head.metadata = readMetadata(source, tag);
    if ((tag.type == kAudioTag || tag.type == kVideoTag) && tag.dataSize > 0) {
      const auto flags = source.readExactly(tag.offset + kTagHeaderSize, 1)[0];
      if (tag.type == kVideoTag && !head.videoCodec) head.videoCodec = flags & 0x0f;
      if (tag.type == kAudioTag && !head.audioCodec) head.audioCodec = flags >> 4;
    }
    if (!head.metadata.empty() && head.videoCodec && head.audioCodec) break;
    offset = tag.end();
  }
  return head;
}

// The timestamp of the last tag with one, walking back from the end through
// PreviousTagSize fields, as libavformat does when metadata has no duration.
std::optional<double> lastTagSeconds(ByteSource& source) {
  auto end = source.size();
  for (int count = 0; count < kMaxTrailingTagsWithoutTime && end >= 8; ++count) {
    const auto size = Bytes(source.readExactly(end - 4, 4)).be32(0);
    if (size <= kTagHeaderSize || size + 4 > end) break;
    const auto tag = readTag(source, end - 4 - size);
    if (tag.dataSize + kTagHeaderSize != size) break;
    if (tag.timestampMs > 0) return tag.timestampMs / 1000.0;
    end = tag.offset;
  }
  return std::nullopt;
}

const char* videoCodecName(int id) {
  switch (id) {
    case 2:
      return "sorenson";
    case 3:
      return "screen";
    case 4:
      return "vp6";
    case 5:
      return "vp6a";
    case 6:
      return "screen2";
    case 7:
      return "avc1";
    case 12:
      return "hevc";
    default:
      return "";
  }
}

const char* audioCodecName(int id) {
  switch (id) {
    case 0:
    case 3:
      return "pcm";
    case 1:
      return "adpcm";
    case 2:
    case 14:
      return "mp3";
    case 4:
    case 5:
    case 6:
      return "nellymoser";
    case 7:
      return "alaw";
    case 8:
      return "ulaw";
    case 10:
      return "aac";
    case 11:
      return "speex";
    default:
      return "";
  }
}

std::optional<double> number(const Numbers& numbers, std::string_view name) {
  const auto found = numbers.find(name);
  if (found == numbers.end() || !std::isfinite(found->second)) return std::nullopt;
  return found->second;
}

// One stream, when the file header flags it or a tag of its kind was seen.
void addStream(MediaInfo& info, const char* kind, bool flagged, std::optional<int> tagCodec,
               std::optional<double> codecId, std::optional<double> kbps,
               const char* (*codecName)(int)) {
  if (!flagged && !tagCodec) return;
  StreamInfo stream{kind, "", std::nullopt};
  if (codecId && *codecId >= 0 && *codecId < 16) {
    stream.codec = codecName(static_cast<int>(*codecId));
  } else if (tagCodec) {
    stream.codec = codecName(*tagCodec);
  }
  // libavformat counts these kilobits as 1024 bits.
  if (kbps && *kbps > 0 && *kbps < 1e9) stream.bitrate = static_cast<std::uint64_t>(*kbps * 1024);
  info.streams.push_back(std::move(stream));
}

}  // namespace

bool probeFlv(std::span<const std::uint8_t> head) {
  if (head.size() < kFileHeaderSize) return false;
  const Bytes bytes(head);
  return bytes.startsWith(0, "FLV") && bytes.u8(3) >= 1 && bytes.u8(3) < 5 &&
         bytes.be32(5) >= kFileHeaderSize;
}

MediaInfo sniffFlv(ByteSource& source) {
  const auto header = source.readExactly(0, kFileHeaderSize);
  const Bytes bytes(header);
  const auto flags = bytes.u8(4);
  // The first tag follows the header and a PreviousTagSize of 0.
  const auto head = readHeadTags(source, std::uint64_t{bytes.be32(5)} + 4);

  MediaInfo info;
  info.container = "flv";
  const auto metaDuration = number(head.metadata, "duration");
  if (metaDuration && *metaDuration > 0) {
    info.durationSeconds = *metaDuration;
    info.method = "onMetaData duration, file size";
  } else if (const auto last = lastTagSeconds(source)) {
    info.durationSeconds = *last;
    info.method = "last tag timestamp, file size";
  } else {
    return MediaInfo::unknown("flv", "no onMetaData duration and no timestamp in the last tags");
  }
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  addStream(info, "video", flags & 0x01, head.videoCodec, number(head.metadata, "videocodecid"),
            number(head.metadata, "videodatarate"), videoCodecName);
  addStream(info, "audio", flags & 0x04, head.audioCodec, number(head.metadata, "audiocodecid"),
            number(head.metadata, "audiodatarate"), audioCodecName);
  return info;
}

}  // namespace interlude::throttling
