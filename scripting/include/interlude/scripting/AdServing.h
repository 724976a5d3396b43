#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "interlude/core/HttpGet.h"
#include "interlude/core/Plugin.h"
#include "interlude/playlists/PlaylistExtensions.h"

namespace interlude::scripting {

class AdCatalogCache;
class AdStats;
struct AdPickRequest;

// What ad serving needs of one site's <scripting> settings.
struct AdServingSite {
  std::shared_ptr<AdCatalogCache> catalog;  // null: the site has no ad catalog
  std::string vastErrorUrl;                 // <Error> of a VAST without ads; empty: none
  std::chrono::milliseconds externalVastTimeout{2000};  // per fetch of an external VAST tag
  std::string viewerCookie = "viewer";  // names the viewer of caps; without it, the client address
};

// How third-party tracking URLs are fired (server-wide: the first config's values
// size the dispatcher, which lasts across reloads).
struct TrackingSettings {
  std::size_t queueSize = 1024;             // pending hits beyond it are dropped and logged
  int retries = 2;                          // after the first attempt, with backoff
  std::chrono::milliseconds timeout{3000};  // connect and read, per attempt
};

struct AdServingDeps {
  std::map<std::string, AdServingSite> sites;  // by site name; absent: no ads on the site
  std::shared_ptr<AdStats> stats;  // shared with the rules (ads.pick counts toward fill rates)
  TrackingSettings tracking;
  // Whom https tags and tracking URLs are checked against; null: the system's CA store.
  std::shared_ptr<const core::HttpsTrust> httpsTrust;
  // The on_ad_request(ctx, req) rule of a VAST request's site; it may change the
  // pick request. Unset: no rule.
  std::function<void(const std::string& site, const playlists::PlaylistRequest& request,
                     AdPickRequest& pick)>
      onAdRequest;
};

// Registers the vast and vmap formats, the entry observer that tracks ads, the
// handlers GET /_/ads/vast and GET /_/t/<token>/<event>, GET /api/ads on the admin
// listener and the ad event metrics. Once per configuration.
void registerAdServing(core::PluginContext& context, playlists::PlaylistExtensions& extensions,
                       const AdServingDeps& deps);

}  // namespace interlude::scripting
