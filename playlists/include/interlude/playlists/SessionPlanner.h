#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "interlude/core/Config.h"
#include "interlude/core/ConfinedOpen.h"
#include "interlude/core/MimeTypes.h"
#include "interlude/playlists/MediaSizes.h"
#include "interlude/playlists/Resolver.h"
#include "interlude/playlists/Session.h"
#include "interlude/playlists/SessionRepository.h"

namespace interlude::playlists {

// What every session started from one playlist shares.
struct SessionPlan {
  Session session;     // entries and limits: no id, expiry or progress
  std::string title;   // of the requested playlist, for its documents
  std::string author;  // idem
  StoredPlan stored;
};

// Plans the sessions of one site's playlists, and keeps each plan for
// `validity` by URL path, like the open-file cache: a hot playlist is then not
// resolved again, nor its media opened and measured, on every request. A
// changed playlist or media file is seen once the plan is older than
// `validity`; 0 keeps nothing. A playlist that hangs on the request or on
// remote answers (Resolution::perRequest) goes through the steps for each
// request, from its expansion (nesting), kept by path unless it has remote
// entries; its plan is kept with the resolution it was made from, so an equal
// resolution reuses it (the same entries of the same kept data, or equal
// fields), and its media sizes are kept by path (all for `validity` too).
class SessionPlanner {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxPlans = 1024;

  SessionPlanner(const std::string& siteRoot, PlaylistCache& cache, RemoteLookup lookup,
                 std::shared_ptr<const PlaylistExtensions> extensions,
                 std::chrono::milliseconds validity,
                 std::function<Clock::time_point()> now = Clock::now);

  // The plan for the playlist at `path` of `site`; `request` is asked for only
  // when the playlist is resolved. Throws what Resolver::resolve throws.
  std::shared_ptr<const SessionPlan> plan(const std::string& path, const core::SiteConfig& site,
                                          const core::MimeTypes& mime,
                                          const std::function<PlaylistRequest()>& request) const;

 private:
  struct Kept {
    std::shared_ptr<const SessionPlan> plan;
    Clock::time_point madeAt;
  };
  // A plan made per request, and what it was made from.
  struct KeptResolution {
    std::string path;
    Resolution from;  // keeps what its entries point into alive
    std::shared_ptr<const SessionPlan> plan;
    Clock::time_point madeAt;
  };
  std::shared_ptr<const SessionPlan> makePlan(const Resolution& resolution, const std::string& path,
                                              const core::SiteConfig& site,
                                              const core::MimeTypes& mime) const;
  std::shared_ptr<const SessionPlan> kept(const std::string& path, Clock::time_point now) const;
  // The plan kept for an equal resolution of `path`, whose hash is `hash`.
  std::shared_ptr<const SessionPlan> keptResolution(const std::string& path, std::size_t hash,
                                                    const Resolution& resolution,
                                                    Clock::time_point now) const;
  // Keeps `kept`; the expired ones go, at most once per validity: they hold
  // expansions and catalogs.
  void keepResolution(std::size_t hash, KeptResolution kept, Clock::time_point now) const;
  // The playlist at `path` expanded, for the steps; the expansion is kept
  // (and shared) when it has no remote entries.
  Resolution expanded(const std::string& path, const PlaylistRequest& request,
                      Clock::time_point now) const;
  void keep(const std::string& path, std::shared_ptr<const SessionPlan> plan,
            Clock::time_point now) const;

  Resolver resolver_;
  MediaSizes sizes_;  // for the plans made per request
  core::ConfinedRoot root_;
  std::chrono::milliseconds validity_;
  std::function<Clock::time_point()> now_;
  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<std::string, Kept> plans_;
  mutable std::unordered_multimap<std::size_t, KeptResolution> resolutions_;  // under mutex_
  mutable Clock::time_point nextPrune_;                                       // under mutex_
  struct Expansion {
    std::shared_ptr<const ExpandedPlaylist> playlist;
    Clock::time_point madeAt;
  };
  mutable std::unordered_map<std::string, Expansion> expansions_;  // under mutex_
};

}  // namespace interlude::playlists
