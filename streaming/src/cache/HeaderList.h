#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace interlude::streaming::cache {

// Response header fields in order, names as received (the cache has no server types).
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The first field named `name` (any case), or nullptr.
const std::string* findHeader(const HeaderList& headers, std::string_view name);

}  // namespace interlude::streaming::cache
