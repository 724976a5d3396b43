#pragma once

#include <cstdint>
#include <string>

#include "interlude/scripting/AdCreative.h"
#include "interlude/scripting/VastAd.h"

namespace interlude::scripting {

// Where a creative's ad plays in a VAST document.
struct AdPlacement {
  std::string adId;  // campaign/creative
  std::string title;
  std::string mediaUrl;        // absolute
  std::uint64_t fileSize = 0;  // 0: unknown
  std::string beacons;         // ".../_/t/<token>/": Interlude's impression and event beacons
};

// The VAST ad of a creative: Interlude's beacons first, then the creative's
// third-party impressions, tracking events and click trackers.
VastAd creativeVastAd(const AdCreative& creative, const AdPlacement& placement);

}  // namespace interlude::scripting
