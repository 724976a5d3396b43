#include "sniffers/Sniffers.h"

namespace interlude::throttling {

std::span<const Sniffer> allSniffers() {
  static constexpr Sniffer kSniffers[] = {
      {"mp4", probeMp4, sniffMp4},
      {"flv", probeFlv, sniffFlv},
      {"asf", probeAsf, sniffAsf},
      {"avi", probeAvi, sniffAvi},
      {"rm", probeRealMedia, sniffRealMedia},
      {"matroska", probeMatroska, sniffMatroska},
      {"ogg", probeOgg, sniffOgg},
      {"wav", probeWav, sniffWav},
      {"flac", probeFlac, sniffFlac},
      {"mpegts", probeMpegTs, sniffMpegTs},
      {"mp3", probeMp3, sniffMp3},
      {"aac", probeAdts, sniffAdts},
  };
  return kSniffers;
}

}  // namespace interlude::throttling
