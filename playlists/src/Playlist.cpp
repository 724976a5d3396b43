#include "interlude/playlists/Playlist.h"

#include <algorithm>
#include <cmath>

namespace interlude::playlists {

bool Entry::isRemoteEntry() const { return src.starts_with("httpd://"); }

std::uint64_t requiredBytes(const Entry& entry, std::uint64_t size) {
  SkipAfter rule;
  if (entry.skipAfter) {
    rule = *entry.skipAfter;
  } else if (!entry.permissions.canSkipForward) {
    rule = {SkipAfter::Unit::Percent, 100};
  } else {
    return 0;
  }
  double share = 1.0;  // seconds without a known duration: the whole entry
  if (rule.unit == SkipAfter::Unit::Percent) {
    share = rule.value / 100.0;
  } else if (entry.durationSeconds && *entry.durationSeconds > 0) {
    share = rule.value / *entry.durationSeconds;
  }
  share = std::clamp(share, 0.0, 1.0);
  return static_cast<std::uint64_t>(std::ceil(share * static_cast<double>(size)));
}

}  // namespace interlude::playlists
