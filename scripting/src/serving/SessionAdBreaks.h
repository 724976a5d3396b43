#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "interlude/playlists/PlaylistExtensions.h"
#include "interlude/scripting/AdCatalog.h"
#include "interlude/scripting/VmapWriter.h"

namespace interlude::scripting {

// The ad breaks of a session: runs of ad entries, a preroll before any content,
// a postroll after all of it, midrolls at the content time played before them.
// Each ad's MediaFile is its entry URL (/_/e/<token>: the bytes are delivered and
// tracked by Interlude), its beacons the prefix `beacons` gives for its entry and
// ad id. Ads whose campaign or creative left the catalog are left out.
using BeaconPrefix = std::function<std::string(std::size_t entry, const std::string& adId)>;
std::vector<VmapBreak> sessionAdBreaks(const playlists::SessionDocument& document,
                                       const AdCatalog& catalog, const BeaconPrefix& beacons);

}  // namespace interlude::scripting
