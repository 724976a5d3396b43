#pragma once

#include <cstddef>
#include <string>

#include "interlude/playlists/Resolution.h"

namespace interlude::playlists {

// What of a resolution its session plan is made from. Two resolutions equal in
// it give equal plans, so a playlist resolved per request (ad rules, remote
// entries) that comes out as one resolved before reuses that plan.
// A resolution identified by its addresses hashes its pointers (the same
// entries of the same kept data), any other its entries' fields: equal
// resolutions of one kind hash alike.
std::size_t planInputsHash(const std::string& path, const Resolution& resolution);
// Equal entry by entry, the same pointer or equal fields.
bool samePlanInputs(const Resolution& a, const Resolution& b);

}  // namespace interlude::playlists
