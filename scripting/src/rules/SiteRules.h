#pragma once

#include <map>
#include <memory>
#include <string>

#include "RuleServices.h"
#include "interlude/playlists/Resolver.h"
#include "interlude/scripting/RuleScript.h"
#include "interlude/scripting/ScriptingSettings.h"

namespace interlude::scripting::rules {

// One site's ad rules: its script (if any), its catalog (if any) and what a
// playlist and an entry delivery go through.
class SiteRules {
 public:
  // Reads the catalog and compiles the script: throws core::InputError
  // (file:line:col) when either cannot be used.
  // `stats` (may be null) counts each ads.pick and placeholder toward its slot's fill rate.
  SiteRules(const ScriptingSettings& settings, core::SessionStore& store, Poco::Logger& log,
            std::shared_ptr<const AdStats> stats = nullptr);

  const std::shared_ptr<AdCatalogCache>& catalog() const { return services_->catalog(); }

  // on_playlist(ctx, pl), then every placeholder left is filled from the
  // catalog. A failing rule leaves the playlist as it was and is logged; with
  // failMode closed it throws core::HttpError 503 instead. The resolution
  // keeps the catalog version its ads point into, and the entries made.
  void onPlaylist(playlists::Resolution& resolution,
                  const playlists::PlaylistRequest& request) const;
  // on_entry(ctx, entry) for an admitted entry request; failures are logged.
  void onEntry(const playlists::Session& session, std::size_t entry,
               const playlists::PlaylistRequest& request) const;
  // on_ad_request(ctx, req) for a VAST request: the rule may change req.slot,
  // req.max and req.categories, which then replace those of `pick`. A failure
  // is logged and leaves `pick` as it was.
  void onAdRequest(const playlists::PlaylistRequest& request, AdPickRequest& pick) const;

 private:
  CallOutcome run(
      const std::string& hook, const PushArguments& push,
      const ReadResults& read = [](lua_State*, int) {}) const;
  void fillPlaceholders(playlists::Resolution& resolution, RuleCall& call) const;

  ScriptingSettings settings_;
  Poco::Logger& log_;
  std::shared_ptr<RuleServices> services_;
  std::unique_ptr<RuleScript> script_;  // null without rules
};

using SiteRulesMap = std::map<std::string, std::shared_ptr<const SiteRules>>;  // by site name

}  // namespace interlude::scripting::rules
