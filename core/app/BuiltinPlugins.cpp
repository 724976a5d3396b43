#include "BuiltinPlugins.h"

#include "interlude/playlists/PlaylistsPlugin.h"
#include "interlude/scripting/ScriptingPlugin.h"
#include "interlude/streaming/StreamingPlugin.h"
#include "interlude/throttling/ThrottlingPlugin.h"

namespace interlude::app {

std::vector<core::PluginFactory> builtinPlugins() {
  // Core registers its own static handler itself; the modules come here.
  return {[] { return std::make_unique<playlists::PlaylistsPlugin>(); },
          [] { return std::make_unique<throttling::ThrottlingPlugin>(); },
          [] { return std::make_unique<scripting::ScriptingPlugin>(); },
          [] { return std::make_unique<streaming::StreamingPlugin>(); }};
}

}  // namespace interlude::app
