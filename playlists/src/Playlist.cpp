#include "interlude/playlists/Playlist.h"

#include <algorithm>
#include <cmath>

#include "interlude/core/RequestPath.h"

namespace interlude::playlists {

bool Entry::isPlaylist() const {
  const auto query = src.find('?');
  return !isRemoteEntry() && core::extensionOf(src.substr(0, query)) == ".isx";
}

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
