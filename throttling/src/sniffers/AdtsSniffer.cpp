// Raw AAC in ADTS frames. Nothing in the file gives its duration, so it is
// estimated the way libavformat does (ffprobe's figures): the running average
// of the first 50 frames' bitrates, then the audio bytes at that bitrate.
#include "sniffers/AdtsHeader.h"
#include "sniffers/FileBitrate.h"
#include "sniffers/FrameSync.h"
#include "sniffers/Id3v2.h"
#include "sniffers/Sniffers.h"

namespace interlude::throttling {
namespace {

// libavformat's stream probing reads that many frames (max_ts_probe) of a
// stream without timestamps.
constexpr int kAveragedFrames = 50;
constexpr std::size_t kWindow = 64 << 10;

// libavcodec's ADTS parser keeps a running average in integer arithmetic; the
// same rounding gives the same figure.
std::int64_t runningAverage(std::int64_t average, std::int64_t next, int count) {
  return average + (next - average) / count;
}

}  // namespace

bool probeAdts(std::span<const std::uint8_t> head) {
  const auto start = afterId3v2(head);
  if (start >= head.size()) return false;
  const auto sync = findFrameSync<kAdtsHeaderSize>(head.subspan(static_cast<std::size_t>(start)),
                                                   parseAdtsHeader);
  return sync.has_value();
}

MediaInfo sniffAdts(ByteSource& source) {
  const auto tagsEnd = afterId3v2(source);
  auto window = source.read(tagsEnd, kWindow);
  const auto sync = findFrameSync<kAdtsHeaderSize>(window, parseAdtsHeader);
  if (!sync) throw SniffError("no ADTS frames after the tags");
  const auto audioStart = tagsEnd + *sync;

  // Frames are walked through windows read on demand: 50 frames rarely need more than one.
  std::uint64_t windowStart = tagsEnd;
  std::uint64_t at = audioStart;
  std::int64_t average = 0;
  int frames = 0;
  while (frames < kAveragedFrames && at < source.size()) {
    if (at + kAdtsHeaderSize > windowStart + window.size()) {
      windowStart = at;
      window = source.read(at, kWindow);
    }
    const auto header =
        parseAdtsHeader(std::span(window).subspan(static_cast<std::size_t>(at - windowStart)));
    if (!header) break;  // junk or a trailing tag ends the frames
    average = runningAverage(average, static_cast<std::int64_t>(header->bitrate()), ++frames);
    at += header->frameLength;
  }
  if (average <= 0) throw SniffError("corrupt: no ADTS bitrate");

  MediaInfo info;
  info.container = "aac";
  info.durationSeconds = static_cast<double>(source.size() - audioStart) * 8 / average;
  info.bitrate = fileBitrate(source.size(), info.durationSeconds);
  info.streams.push_back({"audio", "aac", static_cast<std::uint64_t>(average)});
  info.method = "average bitrate of the first " + std::to_string(frames) + " frames, file size";
  return info;
}

}  // namespace interlude::throttling
