#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "interlude/core/ConfinedOpen.h"

namespace interlude::playlists {

// Sizes of a site's local media, each kept for `validity` like the plans of
// SessionPlanner: plans made per request (ad rules) then measure their media
// without opening every file again. Missing and refused files are not kept.
class MediaSizes {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxFiles = 4096;

  MediaSizes(std::chrono::milliseconds validity, std::function<Clock::time_point()> now);

  // The size of the regular file at URL path `target` under `root`. Throws
  // core::HttpError: 404 missing or not a regular file, 403 outside the root.
  std::uint64_t size(const core::ConfinedRoot& root, const std::string& target) const;

 private:
  struct Kept {
    std::uint64_t size;
    Clock::time_point measuredAt;
  };

  std::chrono::milliseconds validity_;
  std::function<Clock::time_point()> now_;
  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<std::string, Kept> sizes_;
};

// Opens and measures the regular file at `target` under `root` (throws as above).
std::uint64_t measureMedia(const core::ConfinedRoot& root, const std::string& target);

}  // namespace interlude::playlists
