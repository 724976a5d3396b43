#include "BuiltinPlugins.h"

#include "interlude/playlists/PlaylistsPlugin.h"

namespace interlude::app {

std::vector<core::PluginFactory> builtinPlugins() {
  // Core registers its own static handler itself; the modules come here.
  return {[] { return std::make_unique<playlists::PlaylistsPlugin>(); }};
}

}  // namespace interlude::app
