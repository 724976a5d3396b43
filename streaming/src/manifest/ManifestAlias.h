#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace interlude::streaming::manifest {

// The CDN-friendly alias of IIS/Smooth origins: a path whose last segment is
// `Manifest(format=m3u8-aapl...).m3u8` or `Manifest(format=mpd-time-csf...).mpd`
// (any case) reaches the upstream without the extension, which CDNs need and
// origins do not know. Returns the upstream path, or nothing for other paths.
std::optional<std::string> upstreamPathOfAlias(std::string_view path);

}  // namespace interlude::streaming::manifest
