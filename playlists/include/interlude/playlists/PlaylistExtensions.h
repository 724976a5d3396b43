#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "interlude/playlists/FormatRegistry.h"
#include "interlude/playlists/Playlist.h"
#include "interlude/playlists/Session.h"

namespace interlude::playlists {

class Resolution;

// The request a playlist is resolved for, as resolver steps see it.
struct PlaylistRequest {
  std::string path;                            // URL path of the playlist
  std::string query;                           // raw query string
  std::map<std::string, std::string> headers;  // names in lower case
  std::string clientIp;
  std::string site;  // the name of the site it came to
};

// A step every requested playlist goes through after nesting and remote
// entries are resolved (the Lua ad rules are one). Throwing refuses the request.
class ResolverStep {
 public:
  virtual ~ResolverStep() = default;
  virtual void apply(Resolution& resolution, const PlaylistRequest& request) const = 0;
  // Whether what apply() does may differ between requests of one playlist (the
  // query, the viewer, the time: ad rules). A step that depends on the playlist
  // and the config only says false, and the plan made once serves every request.
  virtual bool perRequest() const { return true; }
};

// Watches entry deliveries of sessions (ad tracking, on_entry rules). Called on
// the threads that serve and pace deliveries: implementations are thread-safe
// and cheap, and do not throw.
class EntryObserver {
 public:
  virtual ~EntryObserver() = default;
  // An entry request that passed the checks, before its body is sent.
  virtual void requested(const Session& /*session*/, std::size_t /*entry*/,
                         const PlaylistRequest& /*request*/) const {}
  // Bytes of `entry` were recorded as delivered: the contiguous count from the
  // start went from `before` to `after`.
  virtual void progressed(const Session& /*session*/, std::size_t /*entry*/,
                          std::uint64_t /*before*/, std::uint64_t /*after*/) const {}
};

// What a format computed in code (rather than by XSLT) gets to render a session.
struct SessionDocument {
  const Session& session;                     // id, expiry and entries of the new session
  const std::vector<std::string>& entryUrls;  // absolute URL of /_/e/<token>, one per entry
  const PlaylistRequest& request;
  std::string baseUrl;  // scheme://host[:port] the client used
  std::string title;    // of the requested playlist
  std::string author;   // idem
};

// A ?format=NAME computed in code (e.g. VAST, VMAP). Throwing core::HttpError
// answers that status.
class FormatRenderer {
 public:
  virtual ~FormatRenderer() = default;
  virtual Rendered render(const SessionDocument& document) const = 0;
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
  void addEntryObserver(std::shared_ptr<const EntryObserver> observer);
  // Formats in the XSLT registry win over a format of the same name added here.
  void addFormat(const std::string& name, std::shared_ptr<const FormatRenderer> renderer);

  // Null when no provider serves the extension (lower case, with the dot).
  const PlaylistProvider* provider(const std::string& extension) const;
  const std::vector<std::shared_ptr<const ResolverStep>>& steps() const { return steps_; }
  const std::vector<std::shared_ptr<const EntryObserver>>& entryObservers() const {
    return observers_;
  }
  // Null when no format of that name was added.
  const FormatRenderer* format(const std::string& name) const;
  std::vector<std::string> formatNames() const;  // sorted

 private:
  std::map<std::string, PlaylistProvider> providers_;
  std::vector<std::shared_ptr<const ResolverStep>> steps_;
  std::vector<std::shared_ptr<const EntryObserver>> observers_;
  std::map<std::string, std::shared_ptr<const FormatRenderer>> formats_;
};

// A registry holding the built-in providers (.isx).
std::shared_ptr<PlaylistExtensions> withBuiltinProviders();

}  // namespace interlude::playlists
