#pragma once

#include <string>
#include <vector>

#include "interlude/core/Diagnostic.h"
#include "interlude/playlists/FormatRegistry.h"

namespace interlude::playlists {

// What `interlude check x.isx` reports: schema and parse errors, nesting cycles
// and depth, and local media that does not exist. The playlist's folder stands
// for the site root.
std::vector<core::Diagnostic> checkPlaylist(const std::string& path);

// What `interlude render x.isx --format NAME` prints: the document a client
// would get, with entry URLs under `baseUrl`. Throws core::InputError for a bad
// playlist and std::out_of_range for an unknown format.
Rendered renderPlaylist(const std::string& path, const std::string& format,
                        const std::string& baseUrl);

}  // namespace interlude::playlists
