#include "EntryRules.h"

namespace interlude::scripting::rules {

// Observers must not throw: what the rule could not do is logged.
void EntryRules::requested(const playlists::Session& session, std::size_t entry,
                           const playlists::PlaylistRequest& request) const {
  const auto it = sites_.find(session.site);
  if (it == sites_.end()) return;
  try {
    it->second->onEntry(session, entry, request);
  } catch (const std::exception& e) {
    Poco::Logger::get("interlude.scripting")
        .error("on_entry for session " + session.id + " not run: " + e.what());
  }
}

}  // namespace interlude::scripting::rules
