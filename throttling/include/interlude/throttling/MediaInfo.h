#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interlude::throttling {

// One elementary stream a container declares.
struct StreamInfo {
  std::string kind;   // "video", "audio" or "data"
  std::string codec;  // as the container names it ("avc1", "mp4a", "vorbis"...), may be empty
  std::optional<std::uint64_t> bitrate;  // bits per second, when the file says or sizes tell
};

// What a sniffer learnt from a media file's headers and indexes.
struct MediaInfo {
  std::string container;  // "mp4", "flv", "asf", "avi", "mp3", "rm", "matroska", "ogg",
                          // "wav", "aac", "mpegts", "flac"; "unknown" when not recognised
  double durationSeconds = 0;
  std::uint64_t bitrate = 0;  // overall, bits per second (0 when unknown)
  std::vector<StreamInfo> streams;
  std::string method;  // how duration and bitrate were found, e.g. "mvhd duration, file size"
  std::string reason;  // why the file is unknown, when it is

  bool known() const { return bitrate > 0; }
  static MediaInfo unknown(std::string container, std::string reason);
};

}  // namespace interlude::throttling
