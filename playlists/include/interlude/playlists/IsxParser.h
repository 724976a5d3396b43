#pragma once

#include <string>

#include "interlude/playlists/Playlist.h"

namespace interlude::playlists {

// Parses a .isx web playlist: SMIL in the SMIL namespace
// (http://www.w3.org/ns/SMIL), SMIL without namespace, and the IIS Web Playlists
// form (<?wsx?>, <smil><seq><media canSeek=... canSkipForward=.../></seq></smil>).
// Extensions in urn:interlude:playlist:1 (prefix i:) add kind, title, author,
// duration and skipAfter. Validated against playlists/schema/isx.xsd.
// Throws core::InputError with every problem as file:line:col. Nested
// playlists and remote entries are left as entries: the Resolver expands them.
Playlist parseIsxFile(const std::string& path);
Playlist parseIsxText(std::string text, const std::string& displayName);

// The schema, compiled into the binary.
std::string_view isxSchema();

}  // namespace interlude::playlists
