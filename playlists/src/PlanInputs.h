#pragma once

#include <cstddef>
#include <string>

#include "interlude/playlists/Resolver.h"

namespace interlude::playlists {

// What of a resolved playlist its session plan is made from. Two resolutions
// equal in it give equal plans, so a playlist resolved per request (ad rules,
// remote entries) that comes out as one resolved before reuses that plan.
std::size_t planInputsHash(const std::string& path, const ResolvedPlaylist& playlist);
bool samePlanInputs(const ResolvedPlaylist& a, const ResolvedPlaylist& b);

}  // namespace interlude::playlists
