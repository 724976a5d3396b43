#pragma once

#include <vector>

#include "AdServices.h"
#include "interlude/playlists/PlaylistExtensions.h"
#include "interlude/scripting/VmapWriter.h"

namespace interlude::scripting {

// The ad breaks of a session: runs of ad entries, a preroll before any content,
// a postroll after all of it, midrolls at the content time played before them.
// Each ad's MediaFile is its entry URL (/_/e/<token>: the bytes are delivered and
// tracked by Interlude), with beacons bound to the session's entry. Ads whose
// campaign or creative left the catalog are left out.
std::vector<VmapBreak> sessionAdBreaks(const playlists::SessionDocument& document,
                                       const AdServices& services);

}  // namespace interlude::scripting
