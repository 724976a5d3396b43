#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "interlude/throttling/ByteSource.h"

namespace interlude::throttling {

// The overall bit rate libavformat reports for containers whose demuxer finds a
// duration but leaves the bit rate to estimate_timings (MP4, FLV, ASF, AVI, RM):
// file size x 8 / duration. Throws SniffError when the duration is unusable, so a
// corrupt header never yields a zero or absurd rate.
inline std::uint64_t fileBitrate(std::uint64_t fileSize, double seconds) {
  const double bits = static_cast<double>(fileSize) * 8 / seconds;
  if (!std::isfinite(seconds) || seconds <= 0 || !(bits >= 1 && bits < 1e12)) {
    throw SniffError("implausible duration: " + std::to_string(seconds) + " s");
  }
  return static_cast<std::uint64_t>(bits);  // truncated, as libavformat does
}

}  // namespace interlude::throttling
