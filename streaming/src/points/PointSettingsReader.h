#pragma once

#include <vector>

#include "interlude/core/Config.h"
#include "points/PointSettings.h"

namespace interlude::streaming::points {

inline constexpr const char* kStreamingNamespace = "urn:interlude:streaming:1";

// Validates every site's <streaming> section against streaming.xsd and reads its
// points. Besides the schema: point names are unique in the server (the admin API
// addresses them by name), prefixes unique in a site, an origin point has an
// upstream, an ondemand point an existing folder, a multicast point a group, and a
// rollover names an http(s) URL or another point of the same site. A <streaming>
// outside a site is refused. Throws core::InputError with every problem as
// file:line:col.
std::vector<SitePoints> readPoints(const core::Config& config);

}  // namespace interlude::streaming::points
