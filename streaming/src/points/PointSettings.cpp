#include "points/PointSettings.h"

#include "interlude/core/Text.h"

namespace interlude::streaming::points {

const char* kindName(PointKind kind) {
  switch (kind) {
    case PointKind::Origin:
      return "origin";
    case PointKind::Multicast:
      return "multicast";
    case PointKind::OnDemand:
      return "ondemand";
  }
  return "?";
}

const char* stateName(PointState state) {
  switch (state) {
    case PointState::Stopped:
      return "stopped";
    case PointState::Starting:
      return "starting";
    case PointState::Started:
      return "started";
    case PointState::Stopping:
      return "stopping";
  }
  return "?";
}

bool PointSettings::rolloverIsUrl() const {
  return core::startsWithIgnoreCase(rollover, "http://") ||
         core::startsWithIgnoreCase(rollover, "https://");
}

}  // namespace interlude::streaming::points
