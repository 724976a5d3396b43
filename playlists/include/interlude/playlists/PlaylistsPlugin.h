#pragma once

#include "interlude/core/Plugin.h"

namespace interlude::playlists {

// Registers the web-playlist handlers: `playlist` for .isx files (a session and
// its document in the requested format) and `playlist-entry` under /_/e/ (entry
// delivery with the session's permissions enforced).
//
// Site mappings take <param>s: `format:NAME` = path of an .xsl (relative to the
// config file) adds an output format.
class PlaylistsPlugin : public core::Plugin {
 public:
  std::string name() const override { return "playlists"; }
  void configure(core::PluginContext& context) override;
};

}  // namespace interlude::playlists
