#pragma once

#include <memory>
#include <vector>

#include "interlude/core/Plugin.h"
#include "points/Point.h"

namespace interlude::streaming::points {

// The admin routes of the points: GET /api/points, GET /api/points/NAME and
// POST /api/points/NAME/start|stop (the point's JSON after the change).
void addPointsApi(core::PluginContext& context,
                  const std::vector<std::shared_ptr<const Point>>& points);

}  // namespace interlude::streaming::points
