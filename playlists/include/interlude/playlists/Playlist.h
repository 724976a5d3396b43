#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "interlude/core/Config.h"

namespace interlude::playlists {

enum class EntryKind { Content, Ad };

// What the viewer may do with an entry; enforced by the server on delivery.
struct Permissions {
  bool canSeek = true;
  bool canSkipForward = true;
  bool canSkipBack = true;

  bool operator==(const Permissions&) const = default;
};

// How much of an entry must be delivered before later entries may be requested.
struct SkipAfter {
  enum class Unit { Percent, Seconds };
  Unit unit = Unit::Percent;
  double value = 0;  // 0..100 for Percent

  bool operator==(const SkipAfter&) const = default;
};

struct Entry {
  std::string src;  // as written: relative path, absolute URL path, http(s):// or httpd:// URL
  EntryKind kind = EntryKind::Content;
  std::string title;
  std::string author;
  std::optional<double> durationSeconds;
  Permissions permissions;
  std::optional<SkipAfter> skipAfter;  // unset: 100% when !canSkipForward, else none
  core::SourcePos pos;
  std::string adSlot;  // an <i:ad slot="..."/> placeholder (no src) for ad rules to fill
  std::string adId;    // "campaignId/creativeId" of an ad picked from a catalog

  bool isRemoteEntry() const;  // src is httpd://: a URL that answers with the media URL
  bool isPlaceholder() const { return !adSlot.empty(); }
};

struct Playlist {
  std::string file;  // absolute path of the .isx
  std::string title;
  std::string author;
  int timeToLiveMinutes = 1440;
  int inactivityTimeoutSeconds = 120;
  int maxClients = 0;  // 0: no limit
  std::vector<Entry> entries;
};

// The share of an entry (in bytes) that must be delivered before the next may
// be requested, given its size; 0 when the entry does not hold the viewer back.
std::uint64_t requiredBytes(const Entry& entry, std::uint64_t size);

}  // namespace interlude::playlists
