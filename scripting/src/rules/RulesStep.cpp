#include "RulesStep.h"

namespace interlude::scripting::rules {

void RulesStep::apply(playlists::Resolution& resolution,
                      const playlists::PlaylistRequest& request) const {
  const auto it = sites_.find(request.site);
  if (it != sites_.end()) it->second->onPlaylist(resolution, request);
}

}  // namespace interlude::scripting::rules
