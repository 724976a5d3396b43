#pragma once

#include <string>
#include <string_view>

namespace interlude::core {

// ASCII case folding for protocol tokens: header names, schemes, extensions.
std::string toLower(std::string_view text);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
bool startsWithIgnoreCase(std::string_view text, std::string_view prefix);

}  // namespace interlude::core
