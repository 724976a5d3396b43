#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "interlude/playlists/Playlist.h"

namespace interlude::playlists {

// One entry as a session plays it: fixed when the session starts.
struct SessionEntry {
  EntryKind kind = EntryKind::Content;
  std::string title;
  std::string author;
  bool local = true;
  std::string target;                  // URL path under the site root, or a remote URL
  std::vector<std::string> firstRefs;  // ResolvedEntry::firstRefs
  std::string mediaType;
  std::uint64_t size = 0;      // bytes (local entries)
  std::uint64_t required = 0;  // bytes to deliver before later entries may start
  std::optional<double> durationSeconds;
  Permissions permissions;
  std::string adId;  // Entry::adId: which campaign and creative a delivery counts for
};

// A viewer's session: the plan and how far each entry has been delivered.
struct Session {
  std::string id;
  std::string site;      // the site the session belongs to: its links work there only
  std::string playlist;  // URL path of the .isx
  std::string viewer;    // who started it (client address); "-" when unknown
  std::int64_t expires = 0;
  int inactivitySeconds = 120;
  int timeToLiveSeconds = 86400;
  int maxClients = 0;
  std::vector<SessionEntry> entries;
  std::vector<std::uint64_t> delivered;  // contiguous bytes from the start
  int furthest = -1;                     // the furthest entry requested so far

  // The part sessions share (playlist, limits, entries) and the part each has
  // (expiry, progress), as stored; parsing throws on malformed data.
  std::string planJson() const;
  std::string progressText() const;
  static Session fromParts(const std::string& id, const std::string& planJson,
                           const std::string& progressText);
  // This session's plan with another stored progress.
  Session withProgress(const std::string& progressText) const;

  bool completed(std::size_t entry) const;
  // Records bytes [first, first + count) of `entry` as delivered.
  void recordDelivery(std::size_t entry, std::uint64_t first, std::uint64_t count);
};

// What a session on a plan has of its own when it starts: the rest is the plan's,
// and nothing is delivered yet.
struct SessionStart {
  std::string id;
  std::int64_t expires = 0;
  std::string viewer;  // the client address
};

// A session's progress as stored: expiry, furthest entry, bytes delivered of each.
std::string progressText(std::int64_t expires, int furthest,
                         const std::vector<std::uint64_t>& delivered);

// Whether a request for `entry` starting at byte `rangeStart` may be served:
// earlier entries that hold the viewer back must have played far enough; an
// entry that may not be played back cannot come again once completed or once a
// later entry was asked for; an entry that may not be seeked continues only from
// what was delivered.
struct Decision {
  bool allowed = true;
  std::string reason;                    // for the viewer (403 body) and the log
  std::optional<std::size_t> blockedBy;  // the earlier entry that must play first
};
Decision decide(const Session& session, std::size_t entry, std::uint64_t rangeStart);

}  // namespace interlude::playlists
