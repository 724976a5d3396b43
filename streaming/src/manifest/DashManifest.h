#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "manifest/UriRewriter.h"

namespace interlude::streaming::manifest {

// Whether a body is a DASH MPD (root MPD).
bool looksLikeDashManifest(std::string_view body);

// Filters a DASH MPD as filterManifest says: per AdaptationSet, Representations
// whose bandwidth is above maxBitrate dropped (the lowest stays), maxBandwidth,
// maxWidth and maxHeight following; BaseURL and Location values that are absolute
// (a scheme, or a path from the root) mapped through the point like HLS URIs.
// Untouched when nothing changes, else re-serialised in its own encoding.
// Throws ManifestError as for Smooth manifests (field "bandwidth").
std::string filterDashManifest(std::string_view body, const UriRewriter& uris,
                               std::uint64_t maxBitrate);

}  // namespace interlude::streaming::manifest
