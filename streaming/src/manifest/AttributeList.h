#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace interlude::streaming::manifest {

// One NAME=value of an HLS attribute list (RFC 8216 section 4.2), as offsets
// into the list so a value can be replaced in place.
struct Attribute {
  std::string_view name;
  std::size_t valueBegin = 0;  // inside the quotes of a quoted string
  std::size_t valueEnd = 0;
  bool quoted = false;
};

// Splits an attribute list (the text after "#EXT-X-...:"). Nothing when it is
// malformed (no '=', an unterminated quoted string).
std::optional<std::vector<Attribute>> parseAttributeList(std::string_view list);

}  // namespace interlude::streaming::manifest
