#pragma once

#include <string>

#include "interlude/core/HttpError.h"

namespace interlude::core {

// A session store operation that could not reach the store (e.g. Redis is
// down). A 503: the request may succeed later, on this node or another.
class StoreUnavailable : public HttpError {
 public:
  explicit StoreUnavailable(const std::string& reason) : HttpError(503, reason) {}
};

}  // namespace interlude::core
