#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "manifest/UriRewriter.h"

namespace interlude::streaming::manifest {

// Filters and rewrites an HLS playlist (master or media) as filterManifest
// says; throws ManifestError for a variant without a valid BANDWIDTH or URI
// line, or a malformed attribute list holding a URI. Line endings are kept.
std::string filterHlsPlaylist(std::string_view body, const UriRewriter& uris,
                              std::uint64_t maxBitrate);

}  // namespace interlude::streaming::manifest
