#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace interlude::streaming::manifest {

// Whether a body is a Smooth Streaming client manifest (root SmoothStreamingMedia).
bool looksLikeSmoothManifest(std::string_view body);

// Filters a Smooth Streaming client manifest as filterManifest says; the body
// comes back untouched when nothing is dropped, else re-serialised in its own
// encoding. Throws ManifestError for malformed XML, a DOCTYPE (no DTD is ever
// loaded), another root, or a QualityLevel without a decimal Bitrate.
std::string filterSmoothManifest(std::string_view body, std::uint64_t maxBitrate);

}  // namespace interlude::streaming::manifest
