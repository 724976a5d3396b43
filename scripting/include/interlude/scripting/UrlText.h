#pragma once

#include <string>
#include <string_view>

namespace interlude::scripting {

// A URL with every byte that may not appear in a URI (spaces, quotes, controls,
// non-ASCII...) percent-encoded. Reserved characters and existing %XX escapes are
// kept, so an already valid URL, VAST macros like [CACHEBUSTING] included, is unchanged.
std::string percentEncodeUrl(std::string_view url);

}  // namespace interlude::scripting
