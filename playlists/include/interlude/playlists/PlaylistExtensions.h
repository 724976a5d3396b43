#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "interlude/playlists/Playlist.h"

namespace interlude::playlists {

struct ResolvedPlaylist;

// The request a playlist is resolved for, as resolver steps see it.
struct PlaylistRequest {
  std::string path;                            // URL path of the playlist
  std::string query;                           // raw query string
  std::map<std::string, std::string> headers;  // names in lower case
  std::string clientIp;
};

// A step every requested playlist goes through after nesting and remote
// entries are resolved (the Lua ad rules are one). Throwing refuses the request.
class ResolverStep {
 public:
  virtual ~ResolverStep() = default;
  virtual void apply(ResolvedPlaylist& playlist, const PlaylistRequest& request) const = 0;
};

// Turns a file into a playlist model; IIS called these custom providers.
using PlaylistProvider = std::function<Playlist(const std::string& file)>;

// What plugins add to web playlists. The playlists plugin provides one per
// configuration as the plugin service kServiceName, with the .isx provider
// registered in it like any other; a plugin configured after it looks it up
// and adds its providers (by file extension) and steps. A plugin that adds a
// provider also maps its extension to the "playlist" handler.
class PlaylistExtensions {
 public:
  static constexpr const char* kServiceName = "playlists.extensions";

  void addProvider(const std::string& extension, PlaylistProvider provider);
  void addStep(std::shared_ptr<const ResolverStep> step);

  // Null when no provider serves the extension (lower case, with the dot).
  const PlaylistProvider* provider(const std::string& extension) const;
  const std::vector<std::shared_ptr<const ResolverStep>>& steps() const { return steps_; }

 private:
  std::map<std::string, PlaylistProvider> providers_;
  std::vector<std::shared_ptr<const ResolverStep>> steps_;
};

// A registry holding the built-in providers (.isx).
std::shared_ptr<PlaylistExtensions> withBuiltinProviders();

}  // namespace interlude::playlists
