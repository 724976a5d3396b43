#include "BuiltinPlugins.h"

namespace interlude::app {

std::vector<core::PluginFactory> builtinPlugins() {
  // The module plugins (playlists, scripting, throttling, streaming) join this list
  // as they land; core registers its own static handler itself.
  return {};
}

}  // namespace interlude::app
