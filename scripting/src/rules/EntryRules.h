#pragma once

#include "SiteRules.h"
#include "interlude/playlists/PlaylistExtensions.h"

namespace interlude::scripting::rules {

// Runs the on_entry rule of the session's site for each admitted entry request.
class EntryRules : public playlists::EntryObserver {
 public:
  explicit EntryRules(SiteRulesMap sites) : sites_(std::move(sites)) {}
  void requested(const playlists::Session& session, std::size_t entry,
                 const playlists::PlaylistRequest& request) const override;

 private:
  SiteRulesMap sites_;
};

}  // namespace interlude::scripting::rules
