#pragma once

#include <memory>

#include "interlude/core/Plugin.h"
#include "points/PointService.h"
#include "points/PointSettings.h"

namespace interlude::streaming::points {

// The service of a point's kind, for one configuration.
std::unique_ptr<PointService> makePointService(const PointSettings& point,
                                               const core::SiteConfig& site,
                                               core::PluginContext& context);

}  // namespace interlude::streaming::points
