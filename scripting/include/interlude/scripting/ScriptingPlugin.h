#pragma once

#include "interlude/core/Plugin.h"

namespace interlude::scripting {

// Ad rules and ad serving (docs/lua.md). Each site with a <scripting> section
// (urn:interlude:scripting:1, scripting/schema/scripting.xsd) gets its Lua
// rules run on its playlists (a resolver step: on_playlist, then <i:ad>
// placeholders filled from its catalog) and on entry deliveries (on_entry);
// ad serving (VAST, VMAP, tracking) is registered with the sites' catalogs.
// Configured after the playlists plugin, whose extensions it adds to.
class ScriptingPlugin : public core::Plugin {
 public:
  std::string name() const override { return "scripting"; }
  void configure(core::PluginContext& context) override;
};

}  // namespace interlude::scripting
