#pragma once

#include <string>
#include <vector>

#include "interlude/playlists/Playlist.h"

namespace interlude::playlists {

// An entry ready for a session: where its media is, and the rules it keeps.
struct ResolvedEntry {
  Entry entry;
  bool local = true;
  std::string target;  // local: a clean URL path under the site root; else an http(s) URL
  // URLs a player should try before the entry link, in order (a multicast
  // group before its unicast rollover); ASX lists them as the first <ref>s.
  std::vector<std::string> firstRefs;
};

// A playlist with its nested playlists and remote entries resolved: what the
// resolver steps start from.
struct ExpandedPlaylist {
  Playlist head;  // title, author, limits of the requested playlist (its entries left empty)
  std::vector<ResolvedEntry> entries;
  // Depends on more than the site's files (a remote entry was looked up):
  // another request may expand differently.
  bool perRequest = false;
};

}  // namespace interlude::playlists
