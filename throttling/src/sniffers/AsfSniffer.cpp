// ASF (WMV, WMA): as in libavformat's asf demuxer, every stream lasts the File
// Properties play duration minus the preroll, and starts at its first
// packet's presentation time, so the file lasts that duration plus the spread
// of the streams' start times (read from the first data packets). A broadcast
// header, or one whose file size disagrees with the file's, has no usable
// duration: the demuxer then takes the sum of the stream bit rates.
#include <algorithm>
#include <array>
#include <map>

#include "sniffers/Bytes.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/RiffChunks.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

using Guid = std::array<std::uint8_t, 16>;  // as stored: the first three fields little-endian

constexpr Guid kHeader = {0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11,
                          0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c};
constexpr Guid kData = {0x36, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11,
                        0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c};
constexpr Guid kFileProperties = {0xa1, 0xdc, 0xab, 0x8c, 0x47, 0xa9, 0xcf, 0x11,
                                  0x8e, 0xe4, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65};
constexpr Guid kStreamProperties = {0x91, 0x07, 0xdc, 0xb7, 0xb7, 0xa9, 0xcf, 0x11,
                                    0x8e, 0xe6, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65};
constexpr Guid kStreamBitrateProperties = {0xce, 0x75, 0xf8, 0x7b, 0x8d, 0x46, 0xd1, 0x11,
                                           0x8d, 0x82, 0x00, 0x60, 0x97, 0xc9, 0xa2, 0xb2};
constexpr Guid kHeaderExtension = {0xb5, 0x03, 0xbf, 0x5f, 0x2e, 0xa9, 0xcf, 0x11,
                                   0x8e, 0xe3, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65};
constexpr Guid kAudioMedia = {0x40, 0x9e, 0x69, 0xf8, 0x4d, 0x5b, 0xcf, 0x11,
                              0xa8, 0xfd, 0x00, 0x80, 0x5f, 0x5c, 0x44, 0x2b};
constexpr Guid kVideoMedia = {0xc0, 0xef, 0x19, 0xbc, 0x4d, 0x5b, 0xcf, 0x11,
                              0xa8, 0xfd, 0x00, 0x80, 0x5f, 0x5c, 0x44, 0x2b};

constexpr std::size_t kObjectHeaderSize = 24;  // GUID and 64-bit size
constexpr std::size_t kHeaderObjectSize = 30;  // plus an object count and two reserved bytes
constexpr std::size_t kDataObjectSize = 50;    // plus a file id, a packet count, reserved
constexpr std::uint64_t kMaxHeaderSize = 256 << 10;
constexpr int kMaxObjects = 1024;
constexpr int kMaxPacketsScanned = 32;
constexpr std::size_t kMaxPacketBytesScanned = 64 << 10;

bool guidAt(const Bytes& bytes, std::size_t at, const Guid& guid) {
  const auto span = bytes.span();
  return at + guid.size() <= span.size() &&
         std::equal(guid.begin(), guid.end(), span.begin() + static_cast<std::ptrdiff_t>(at));
}

struct Object {
  std::size_t offset = 0;
  std::size_t size = 0;
};

// Calls `visit` with each object in [begin, end); one running past `end`
// throws SniffError.
template <typename Visit>
void forEachObject(const Bytes& bytes, std::size_t begin, std::size_t end, Visit&& visit) {
  for (int count = 0; begin + kObjectHeaderSize <= end && count < kMaxObjects; ++count) {
    const auto size = bytes.le64(begin + 16);
    if (size < kObjectHeaderSize || size > end - begin) {
      throw SniffError("corrupt ASF object size at byte " + std::to_string(begin));
    }
    visit(Object{begin, static_cast<std::size_t>(size)});
    begin += size;
  }
}

struct Stream {
  int number = 0;
  StreamInfo info;
};

struct Header {
  bool hasFileProperties = false;
  std::uint64_t declaredFileSize = 0;
  std::uint64_t playDuration100ns = 0;
  std::uint64_t prerollMs = 0;
  bool broadcast = false;
  std::uint32_t packetSize = 0;
  std::vector<Stream> streams;
  std::map<int, std::uint64_t> declaredBitrates;  // Stream Bitrate Properties, by stream number
};

void readFileProperties(const Bytes& bytes, const Object& object, Header& header) {
  const auto at = object.offset;
  header.hasFileProperties = true;
  header.declaredFileSize = bytes.le64(at + 40);
  header.playDuration100ns = bytes.le64(at + 64);
  header.prerollMs = bytes.le64(at + 80);
  header.broadcast = bytes.le32(at + 88) & 1;
  header.packetSize = bytes.le32(at + 92);
}

void readStreamProperties(const Bytes& bytes, const Object& object, Header& header) {
  const auto at = object.offset;
  const auto typeData = at + 78;
  Stream stream;
  stream.number = bytes.le16(at + 72) & 0x7f;
  if (guidAt(bytes, at + 24, kAudioMedia)) {
    // WAVEFORMATEX: the format tag, then the average byte rate.
    stream.info.kind = "audio";
    stream.info.codec = waveFormatTagName(bytes.le16(typeData));
    if (const auto byteRate = bytes.le32(typeData + 8)) stream.info.bitrate = byteRate * 8ull;
  } else if (guidAt(bytes, at + 24, kVideoMedia)) {
    // Width, height, a flag and a size (11 bytes), then a BITMAPINFOHEADER.
    stream.info.kind = "video";
    const auto compression = bytes.text(typeData + 11 + 16, 4);
    stream.info.codec = std::string(compression.substr(0, compression.find('\0')));
  } else {
    stream.info.kind = "data";
  }
  header.streams.push_back(std::move(stream));
}

void readStreamBitrates(const Bytes& bytes, const Object& object, Header& header) {
  const auto count = bytes.le16(object.offset + 24);
  for (std::size_t i = 0; i < count; ++i) {
    const auto record = object.offset + 26 + i * 6;
    header.declaredBitrates[bytes.le16(record) & 0x7f] = bytes.le32(record + 2);
  }
}

void readObjects(const Bytes& bytes, std::size_t begin, std::size_t end, Header& header,
                 bool inExtension = false) {
  forEachObject(bytes, begin, end, [&](const Object& object) {
    if (guidAt(bytes, object.offset, kFileProperties)) readFileProperties(bytes, object, header);
    if (guidAt(bytes, object.offset, kStreamProperties))
      readStreamProperties(bytes, object, header);
    if (guidAt(bytes, object.offset, kStreamBitrateProperties)) {
      readStreamBitrates(bytes, object, header);
    }
    // The Header Extension holds more objects after a GUID, a word and a size.
    if (guidAt(bytes, object.offset, kHeaderExtension) && !inExtension) {
      const auto data = object.offset + 46;
      const auto size = bytes.le32(object.offset + 42);
      if (size > object.size - 46) throw SniffError("corrupt ASF header extension size");
      readObjects(bytes, data, data + size, header, true);
    }
  });
}

// Field widths coded on two bits: none, byte, word, dword.
std::size_t fieldWidth(unsigned code) { return code == 3 ? 4 : code; }

// Records the presentation time (ms, preroll included) of each stream's first
// payload in one data packet. Throws SniffError when the packet is malformed.
void readPacketTimes(const Bytes& packet, std::map<int, std::uint64_t>& firstTimes) {
  std::size_t at = 0;
  if (const auto errorCorrection = packet.u8(at); errorCorrection & 0x80) {
    at += 1 + (errorCorrection & 0x0f);
  }
  const unsigned lengthFlags = packet.u8(at);
  const unsigned propertyFlags = packet.u8(at + 1);
  at += 2;
  // Packet length, sequence, padding length, then send time and duration.
  at += fieldWidth(lengthFlags >> 5 & 3) + fieldWidth(lengthFlags >> 1 & 3) +
        fieldWidth(lengthFlags >> 3 & 3) + 6;
  const bool multiple = lengthFlags & 1;
  unsigned payloads = 1;
  unsigned payloadLengthType = 0;
  if (multiple) {
    payloads = packet.u8(at) & 0x3f;
    payloadLengthType = packet.u8(at) >> 6;
    ++at;
  }
  for (unsigned i = 0; i < payloads; ++i) {
    const int stream = packet.u8(at) & 0x7f;
    at += 1 + fieldWidth(propertyFlags >> 4 & 3);  // stream number, media object number
    const auto offsetWidth = fieldWidth(propertyFlags >> 2 & 3);
    const auto offsetOrTime = packet.le(at, offsetWidth);
    at += offsetWidth;
    const auto replicatedWidth = fieldWidth(propertyFlags & 3);
    const auto replicated = packet.le(at, replicatedWidth);
    at += replicatedWidth;
    // Replicated data holds the media object size then its presentation time;
    // a length of 1 marks compressed payloads, whose time is in the offset field.
    if (replicated >= 8) firstTimes.try_emplace(stream, packet.le32(at + 4));
    if (replicated == 1) firstTimes.try_emplace(stream, offsetOrTime);
    at += replicated;
    if (!multiple) return;
    const auto lengthWidth = fieldWidth(payloadLengthType);
    at += lengthWidth + packet.le(at, lengthWidth);
  }
}

// The spread of the streams' first presentation times (ms) in the first data
// packets, or 0 when they cannot be read.
std::uint64_t startTimeSpread(ByteSource& source, std::uint64_t dataObject, const Header& header) {
  if (header.packetSize == 0 || header.streams.size() < 2) return 0;
  const auto guid = source.read(dataObject, kDataObjectSize);
  if (!guidAt(Bytes(guid), 0, kData)) return 0;
  const auto packetCount =
      std::min<std::size_t>(kMaxPacketsScanned, kMaxPacketBytesScanned / header.packetSize);
  const auto packets = source.read(dataObject + kDataObjectSize, packetCount * header.packetSize);
  std::map<int, std::uint64_t> firstTimes;
  try {
    for (std::size_t at = 0;
         at + header.packetSize <= packets.size() && firstTimes.size() < header.streams.size();
         at += header.packetSize) {
      readPacketTimes(Bytes(std::span(packets).subspan(at, header.packetSize)), firstTimes);
    }
  } catch (const SniffError&) {
    // A malformed packet ends the scan; the times found so far stand.
  }
  if (firstTimes.size() < 2) return 0;
  const auto [earliest, latest] =
      std::minmax_element(firstTimes.begin(), firstTimes.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; });
  return latest->second - earliest->second;
}

// libavformat trusts the play duration only in a non-broadcast header whose
// file size is within 5% of the file's.
bool playDurationUsable(const Header& header, std::uint64_t fileSize) {
  const auto declared = header.declaredFileSize;
  const auto difference = declared > fileSize ? declared - fileSize : fileSize - declared;
  return !header.broadcast && (declared == 0 || difference < std::min(declared, fileSize) / 20);
}

MediaInfo fromStreamBitrates(const Header& header, std::uint64_t fileSize) {
  MediaInfo info;
  info.container = "asf";
  info.method = "sum of stream bit rates, file size";
  for (const auto& stream : header.streams) {
    if (!stream.info.bitrate) return MediaInfo::unknown("asf", "no usable duration nor bit rates");
    info.bitrate += *stream.info.bitrate;
  }
  if (info.bitrate == 0) return MediaInfo::unknown("asf", "no usable duration nor bit rates");
  info.durationSeconds = static_cast<double>(fileSize) * 8 / static_cast<double>(info.bitrate);
  return info;
}

}  // namespace

bool probeAsf(std::span<const std::uint8_t> head) { return guidAt(Bytes(head), 0, kHeader); }

MediaInfo sniffAsf(ByteSource& source) {
  const auto size = Bytes(source.readExactly(0, kHeaderObjectSize)).le64(16);
  if (size < kHeaderObjectSize || size > kMaxHeaderSize) {
    throw SniffError("implausible ASF header object size " + std::to_string(size));
  }
  const auto bytes = source.readExactly(0, size);
  Header header;
  readObjects(Bytes(bytes), kHeaderObjectSize, bytes.size(), header);
  if (!header.hasFileProperties) return MediaInfo::unknown("asf", "no File Properties object");
  for (auto& stream : header.streams) {
    const auto declared = header.declaredBitrates.find(stream.number);
    if (!stream.info.bitrate && declared != header.declaredBitrates.end() && declared->second) {
      stream.info.bitrate = declared->second;
    }
  }

  MediaInfo info;
  if (playDurationUsable(header, source.size())) {
    info.container = "asf";
    info.method = "play duration - preroll, first packet times, file size";
    const auto spreadMs = startTimeSpread(source, size, header);
    info.durationSeconds = (static_cast<double>(header.playDuration100ns) / 1e4 -
                            static_cast<double>(header.prerollMs) + static_cast<double>(spreadMs)) /
                           1000;
    info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  } else {
    info = fromStreamBitrates(header, source.size());
    if (!info.known()) return info;
  }
  for (const auto& stream : header.streams) info.streams.push_back(stream.info);
  return info;
}

}  // namespace interlude::throttling
