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
#include "interlude/playlists/Resolution.h"
#include "interlude/playlists/ResolvedEntry.h"

namespace interlude::playlists {

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
  Resolution resolve(const PlaylistRequest& request) const;
  // resolve() in two parts: nesting and remote entries, then the steps.
  ExpandedPlaylist expandPlaylist(const PlaylistRequest& request) const;
  void applySteps(Resolution& resolution, const PlaylistRequest& request) const;

 private:
  void expand(const std::string& urlPath, const Playlist& playlist, std::vector<std::string>& chain,
              ExpandedPlaylist& out) const;
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
