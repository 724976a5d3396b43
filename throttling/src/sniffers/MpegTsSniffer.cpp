// MPEG transport streams (188-byte packets, or Blu-ray's 192-byte M2TS ones):
// the PAT and PMT in the first packets name the streams; the presentation
// timestamps of the PES packets near the start and near the end give the
// duration, as libavformat computes it: from the earliest first timestamp to
// the latest last timestamp plus one frame. (The PCR span falls short by the
// muxer's delay and the frames after the last PCR: 5% on a 2-second file.)
#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "sniffers/AdtsHeader.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

constexpr std::size_t kPacketSize = 188;
constexpr std::uint8_t kSyncByte = 0x47;
constexpr std::size_t kWindow = 64 << 10;
// Windows read after the head and before the end, at most: with the head, a
// little under the 512 KiB budget.
constexpr int kMaxStartWindows = 3;
constexpr int kMaxEndWindows = 4;
constexpr std::uint64_t kClock = 90000;  // PTS ticks per second
constexpr std::uint64_t kPtsModulo = std::uint64_t{1} << 33;
constexpr std::uint16_t kPatPid = 0;
constexpr std::uint8_t kAdtsStreamType = 0x0F;

// Where the packets are: every `stride` bytes from `first` (the sync byte).
struct Layout {
  std::size_t stride = kPacketSize;
  std::uint64_t first = 0;
};

std::optional<Layout> findLayout(std::span<const std::uint8_t> head) {
  constexpr std::size_t kMinPackets = 4;
  constexpr std::size_t kCheckedPackets = 16;
  for (const std::size_t stride : {kPacketSize, kPacketSize + 4}) {
    for (std::size_t first = 0; first < stride && first + kPacketSize <= head.size(); ++first) {
      const auto packets =
          std::min(kCheckedPackets, (head.size() - first - kPacketSize) / stride + 1);
      if (packets < kMinPackets) break;
      bool synced = true;
      for (std::size_t i = 0; i < packets && synced; ++i)
        synced = head[first + i * stride] == kSyncByte;
      if (synced) return Layout{stride, first};
    }
  }
  return std::nullopt;
}

struct Packet {
  std::uint16_t pid = 0;
  bool unitStart = false;
  std::span<const std::uint8_t> payload;
};

// The 188 bytes of a packet, or nothing when it is not one or is marked bad.
std::optional<Packet> parsePacket(std::span<const std::uint8_t> bytes) {
  if (bytes[0] != kSyncByte || (bytes[1] & 0x80)) return std::nullopt;
  Packet packet;
  packet.pid = static_cast<std::uint16_t>(((bytes[1] & 0x1F) << 8) | bytes[2]);
  packet.unitStart = bytes[1] & 0x40;
  const unsigned adaptation = (bytes[3] >> 4) & 3;
  if (!(adaptation & 1)) return packet;  // no payload
  const std::size_t payload = (adaptation & 2) ? 5 + std::size_t{bytes[4]} : 4;
  if (payload < kPacketSize) packet.payload = bytes.subspan(payload, kPacketSize - payload);
  return packet;
}

// The body of the PSI section starting in a payload (after its pointer field),
// from the table ID to before the CRC, clamped to the packet (sections longer
// than one packet are rare for a PAT or PMT; their tail is not read).
std::span<const std::uint8_t> sectionIn(std::span<const std::uint8_t> payload) {
  if (payload.empty() || std::size_t{payload[0]} + 4 > payload.size()) return {};
  const auto section = payload.subspan(1 + payload[0]);
  const std::size_t length = ((section[1] & 0x0F) << 8) | section[2];
  if (length < 4) return {};
  return section.first(std::min(section.size(), 3 + length - 4));
}

const char* codecName(std::uint8_t streamType) {
  switch (streamType) {
    case 0x01:
      return "mpeg1video";
    case 0x02:
      return "mpeg2video";
    case 0x03:
    case 0x04:
      return "mpeg_audio";
    case 0x0F:
      return "aac";
    case 0x10:
      return "mpeg4";
    case 0x11:
      return "aac_latm";
    case 0x1B:
      return "h264";
    case 0x24:
      return "hevc";
    case 0x81:
      return "ac3";
    case 0x87:
      return "eac3";
    default:
      return "";
  }
}

const char* kindOf(std::uint8_t streamType) {
  switch (streamType) {
    case 0x01:
    case 0x02:
    case 0x10:
    case 0x1B:
    case 0x24:
      return "video";
    case 0x03:
    case 0x04:
    case 0x0F:
    case 0x11:
    case 0x81:
    case 0x87:
      return "audio";
    default:
      return "data";
  }
}

// One elementary stream and what its timestamps tell, in 90 kHz ticks relative
// to the first timestamp of the file (so a wrap of the 33-bit clock in
// between does not matter).
struct Track {
  std::uint16_t pid = 0;
  std::uint8_t streamType = 0;
  std::optional<std::int64_t> start;  // earliest near the start (may precede the reference)
  std::optional<std::uint64_t> end;   // latest near the end
  std::optional<std::uint64_t> last;  // the previous timestamp seen, for frame durations
  std::uint64_t frameTicks = 0;       // smallest step between timestamps
  std::uint64_t adtsFrameTicks = 0;   // AAC frame length, when the stream is ADTS
};

struct Scan {
  Layout layout;
  std::optional<std::uint16_t> pmtPid;
  std::vector<Track> tracks;
  std::optional<std::uint64_t> reference;  // the file's first timestamp
  bool inTail = false;

  Track* track(std::uint16_t pid) {
    const auto found = std::find_if(tracks.begin(), tracks.end(),
                                    [pid](const Track& track) { return track.pid == pid; });
    return found == tracks.end() ? nullptr : &*found;
  }
};

void readPat(std::span<const std::uint8_t> section, Scan& scan) {
  // 8 bytes of header from the table ID (0), then entries of program number and PID.
  if (section.size() < 8 || section[0] != 0x00) return;
  for (std::size_t at = 8; at + 4 <= section.size(); at += 4) {
    const auto program = (section[at] << 8) | section[at + 1];
    if (program == 0) continue;  // the network PID
    scan.pmtPid = static_cast<std::uint16_t>(((section[at + 2] & 0x1F) << 8) | section[at + 3]);
    return;
  }
}

void readPmt(std::span<const std::uint8_t> section, Scan& scan) {
  if (section.size() < 12 || section[0] != 0x02 || !scan.tracks.empty()) return;
  const std::size_t programInfo = ((section[10] & 0x0F) << 8) | section[11];
  for (std::size_t at = 12 + programInfo; at + 5 <= section.size();) {
    Track track;
    track.streamType = section[at];
    track.pid = static_cast<std::uint16_t>(((section[at + 1] & 0x1F) << 8) | section[at + 2]);
    scan.tracks.push_back(track);
    at += 5 + (((section[at + 3] & 0x0F) << 8) | section[at + 4]);
  }
}

std::uint64_t decodePts(std::span<const std::uint8_t> bytes) {
  return (std::uint64_t{bytes[0] & 0x0Eu} << 29) | (std::uint64_t{bytes[1]} << 22) |
         (std::uint64_t{bytes[2] & 0xFEu} << 14) | (std::uint64_t{bytes[3]} << 7) | (bytes[4] >> 1);
}

// A PES packet header with a PTS at the start of `payload`.
void readPes(std::span<const std::uint8_t> payload, Track& track, Scan& scan) {
  // Start code, stream ID, length, '10' marker bits, PTS flag, header length, PTS.
  if (payload.size() < 14 || payload[0] != 0 || payload[1] != 0 || payload[2] != 1 ||
      (payload[6] & 0xC0) != 0x80 || !(payload[7] & 0x80)) {
    return;
  }
  const auto pts = decodePts(payload.subspan(9));
  if (!scan.reference) scan.reference = pts;
  const auto ticks = (pts + kPtsModulo - *scan.reference) % kPtsModulo;
  if (track.last && ticks > *track.last) {
    const auto step = ticks - *track.last;
    track.frameTicks = track.frameTicks ? std::min(track.frameTicks, step) : step;
  }
  track.last = ticks;
  if (scan.inTail) {
    track.end = std::max(track.end.value_or(0), ticks);
  } else {
    // Timestamps a little before the reference come out just under 2^33.
    const auto signedTicks =
        static_cast<std::int64_t>(ticks >= kPtsModulo / 2 ? ticks - kPtsModulo : ticks);
    track.start = std::min(track.start.value_or(signedTicks), signedTicks);
  }
  const std::size_t dataAt = 9 + std::size_t{payload[8]};
  if (track.streamType == kAdtsStreamType && dataAt < payload.size()) {
    if (const auto adts = parseAdtsHeader(payload.subspan(dataAt))) {
      track.adtsFrameTicks = adts->samples * kClock / adts->sampleRate;
    }
  }
}

// Reads the packets of `bytes`, a window of the file starting at a multiple of
// the stride.
void scanPackets(std::span<const std::uint8_t> bytes, Scan& scan) {
  for (auto at = static_cast<std::size_t>(scan.layout.first); at + kPacketSize <= bytes.size();
       at += scan.layout.stride) {
    const auto packet = parsePacket(bytes.subspan(at, kPacketSize));
    if (!packet || !packet->unitStart) continue;
    if (packet->pid == kPatPid) {
      readPat(sectionIn(packet->payload), scan);
    } else if (scan.pmtPid && packet->pid == *scan.pmtPid) {
      readPmt(sectionIn(packet->payload), scan);
    } else if (auto* track = scan.track(packet->pid)) {
      readPes(packet->payload, *track, scan);
    }
  }
}

// Packets [begin, end) of the file, read from `begin * stride` so that they sit
// at `first` in the window as in the head.
void scanRange(ByteSource& source, Scan& scan, std::uint64_t begin, std::uint64_t end) {
  for (auto& track : scan.tracks) track.last.reset();  // steps are taken within one window
  const auto count =
      static_cast<std::size_t>((end - begin) * scan.layout.stride + scan.layout.first);
  scanPackets(source.read(begin * scan.layout.stride, count), scan);
}

std::uint64_t packetsIn(std::uint64_t bytes, const Layout& layout) {
  if (bytes < layout.first + kPacketSize) return 0;
  return (bytes - layout.first - kPacketSize) / layout.stride + 1;
}

bool isAudioOrVideo(const Track& track) {
  return std::string_view(kindOf(track.streamType)) != "data";
}

// Reads on from the head, a window at a time, until every audio and video
// stream has a timestamp (a large first I-frame may hold back the audio).
void scanStart(ByteSource& source, Scan& scan, std::uint64_t headPackets) {
  const auto perWindow = kWindow / scan.layout.stride;
  const auto packets = packetsIn(source.size(), scan.layout);
  auto begin = headPackets;
  for (int i = 0; i < kMaxStartWindows && begin < packets; ++i) {
    const bool complete = std::all_of(scan.tracks.begin(), scan.tracks.end(),
                                      [](const Track& t) { return t.start || !isAudioOrVideo(t); });
    if (complete) return;
    const auto end = std::min(packets, begin + perWindow);
    scanRange(source, scan, begin, end);
    begin = end;
  }
}

// Reads the end of the file backwards, a window at a time, until every stream
// that had a timestamp at the start has one at the end.
void scanEnd(ByteSource& source, Scan& scan) {
  scan.inTail = true;
  const auto perWindow = kWindow / scan.layout.stride;
  auto end = packetsIn(source.size(), scan.layout);  // one past the last packet not read yet
  for (int i = 0; i < kMaxEndWindows && end > 0; ++i) {
    const bool complete = std::all_of(scan.tracks.begin(), scan.tracks.end(),
                                      [](const Track& t) { return !t.start || t.end; });
    if (complete) return;
    const auto begin = end - std::min<std::uint64_t>(end, perWindow);
    scanRange(source, scan, begin, end);
    end = begin;
  }
}

std::vector<StreamInfo> streamsOf(const Scan& scan) {
  std::vector<StreamInfo> streams;
  for (const auto& track : scan.tracks) {
    streams.push_back({kindOf(track.streamType), codecName(track.streamType), std::nullopt});
  }
  return streams;
}

}  // namespace

bool probeMpegTs(std::span<const std::uint8_t> head) { return findLayout(head).has_value(); }

MediaInfo sniffMpegTs(ByteSource& source) {
  const auto head = source.read(0, kWindow);
  const auto layout = findLayout(head);
  if (!layout) throw SniffError("lost the 0x47 sync bytes");
  Scan scan;
  scan.layout = *layout;
  scanPackets(head, scan);
  if (scan.tracks.empty()) throw SniffError("no PAT and PMT in the first 64 KiB");
  scanStart(source, scan, packetsIn(head.size(), *layout));
  scanEnd(source, scan);

  std::optional<std::int64_t> start;
  std::optional<std::int64_t> end;
  for (const auto& track : scan.tracks) {
    if (!track.start || !track.end) continue;
    const auto frame = track.adtsFrameTicks ? track.adtsFrameTicks : track.frameTicks;
    start = std::min(start.value_or(*track.start), *track.start);
    const auto trackEnd = static_cast<std::int64_t>(*track.end + frame);
    end = std::max(end.value_or(trackEnd), trackEnd);
  }
  if (!start) throw SniffError("no PES timestamps near the start and the end");

  MediaInfo info;
  info.container = "mpegts";
  info.durationSeconds = static_cast<double>(*end - *start) / kClock;
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  info.streams = streamsOf(scan);
  info.method = "PES timestamp span, file size";
  return info;
}

}  // namespace interlude::throttling
