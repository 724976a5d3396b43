#pragma once

#include "SiteRules.h"
#include "interlude/playlists/PlaylistExtensions.h"

namespace interlude::scripting::rules {

// The resolver step of ad rules: each playlist of a site with a <scripting>
// section goes through its on_playlist rule and placeholders.
class RulesStep : public playlists::ResolverStep {
 public:
  explicit RulesStep(SiteRulesMap sites) : sites_(std::move(sites)) {}
  void apply(playlists::Resolution& resolution,
             const playlists::PlaylistRequest& request) const override;

 private:
  SiteRulesMap sites_;
};

}  // namespace interlude::scripting::rules
