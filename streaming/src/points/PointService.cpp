#include "points/PointService.h"

#include "interlude/core/HttpError.h"

namespace interlude::streaming::points {

std::string PointService::sdp(const std::string&) const {
  throw core::HttpError(404, "not a multicast point: it has no SDP");
}

}  // namespace interlude::streaming::points
