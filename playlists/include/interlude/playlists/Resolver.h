#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "interlude/playlists/Playlist.h"
#include "interlude/playlists/PlaylistCache.h"

namespace interlude::playlists {

// An entry ready for a session: where its media is, and the rules it keeps.
struct ResolvedEntry {
  Entry entry;
  bool local = true;
  std::string target;  // local: a clean URL path under the site root; else an http(s) URL
};

struct ResolvedPlaylist {
  Playlist head;  // title, author, limits of the requested playlist (its entries left empty)
  std::vector<ResolvedEntry> entries;
};

// A step every request's playlist goes through after nesting and remote
// entries are resolved (the Lua ad rules register one).
class ResolverStep {
 public:
  virtual ~ResolverStep() = default;
  virtual void apply(ResolvedPlaylist& playlist) const = 0;
};

// Answers a remote entry: GET on the URL, the body's first line is the media URL.
using RemoteLookup = std::function<std::string(const std::string& url)>;
RemoteLookup httpLookup(std::chrono::milliseconds timeout);

// Expands a playlist: nested .isx files (at most kMaxDepth levels; a cycle is an
// error naming the chain), httpd:// entries (a failure skips the entry and logs
// it), and paths relative to each playlist's folder. Paths never leave the
// site root.
class Resolver {
 public:
  static constexpr int kMaxDepth = 5;

  Resolver(std::string siteRoot, PlaylistCache& cache, RemoteLookup lookup);

  // `urlPath`: the playlist's clean URL path, e.g. /news/evening.isx.
  // Throws core::InputError for playlists that cannot be used.
  ResolvedPlaylist resolve(const std::string& urlPath) const;

 private:
  void expand(const std::string& urlPath, std::vector<std::string>& chain,
              ResolvedPlaylist& out) const;

  std::string siteRoot_;
  PlaylistCache& cache_;
  RemoteLookup lookup_;
};

// Joins a relative reference to the folder of `base` (a URL path) and resolves
// "." and ".." segments; false when the result would leave the root.
bool joinUrlPath(const std::string& base, const std::string& reference, std::string& out);

}  // namespace interlude::playlists
