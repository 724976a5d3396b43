#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "interlude/core/ConfinedOpen.h"
#include "interlude/playlists/Playlist.h"
#include "interlude/playlists/PlaylistCache.h"
#include "interlude/playlists/PlaylistExtensions.h"

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

struct ResolvedPlaylist {
  Playlist head;  // title, author, limits of the requested playlist (its entries left empty)
  std::vector<ResolvedEntry> entries;
  // Depends on more than the site's files (a remote entry was looked up, or
  // steps ran on the request): another request may resolve differently.
  bool perRequest = false;
};

// Answers a remote entry: GET on the URL, the body's first line is the media URL.
using RemoteLookup = std::function<std::string(const std::string& url)>;
RemoteLookup httpLookup(std::chrono::milliseconds timeout);

// Expands a playlist: nested playlists (any extension a provider serves; at most
// kMaxDepth levels; a cycle is an error naming the chain), httpd:// entries (a
// failure skips the entry and logs it), and paths relative to each playlist's
// folder, never leaving the site root; then runs the registered steps.
class Resolver {
 public:
  static constexpr int kMaxDepth = 5;

  Resolver(std::string siteRoot, PlaylistCache& cache, RemoteLookup lookup,
           std::shared_ptr<const PlaylistExtensions> extensions);

  // `request.path`: the playlist's clean URL path, e.g. /news/evening.isx.
  // Throws core::InputError for playlists that cannot be used.
  ResolvedPlaylist resolve(const PlaylistRequest& request) const;
  // resolve() in two parts: nesting and remote entries, then the steps.
  ResolvedPlaylist expandPlaylist(const PlaylistRequest& request) const;
  void applySteps(ResolvedPlaylist& playlist, const PlaylistRequest& request) const;

 private:
  void expand(const std::string& urlPath, const Playlist& playlist, std::vector<std::string>& chain,
              ResolvedPlaylist& out) const;
  std::shared_ptr<const Playlist> load(const std::string& urlPath) const;

  std::string siteRoot_;
  core::ConfinedRoot root_;
  PlaylistCache& cache_;
  RemoteLookup lookup_;
  std::shared_ptr<const PlaylistExtensions> extensions_;
};

// Whether `s` is an absolute http:// or https:// URL (an entry not under the site root).
bool isHttpUrl(const std::string& s);

// Joins a relative reference to the folder of `base` (a URL path) and resolves
// "." and ".." segments; false when the result would leave the root.
bool joinUrlPath(const std::string& base, const std::string& reference, std::string& out);

}  // namespace interlude::playlists
