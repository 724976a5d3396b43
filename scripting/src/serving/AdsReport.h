#pragma once

#include <string>

#include "AdServices.h"

namespace interlude::scripting {

// GET /api/ads: per campaign and creative of every site's catalog, the events
// tracked (impression, start, each quartile, complete); per slot, the ad requests,
// those given an ad and the fill rate (filled / requests).
std::string adsReportJson(const AdServices& services);

}  // namespace interlude::scripting
