#pragma once

#include <Poco/Net/NameValueCollection.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "interlude/core/Config.h"
#include "interlude/core/RequestPath.h"

namespace interlude::core {

// Size limits on the request line, headers and body (-1: no Content-Length).
std::optional<Rejection> checkLimits(const Limits& limits, std::string_view target,
                                     const Poco::Net::NameValueCollection& headers,
                                     std::int64_t contentLength);

// Denied extensions and segments, on the normalised path (case-insensitive).
std::optional<Rejection> checkFilters(const FilterRules& rules, const RequestPath& path);

}  // namespace interlude::core
