#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace interlude::scripting {

// HH:MM:SS.mmm, as VAST durations and VMAP time offsets are written.
std::string vastTime(double seconds);
// Reads HH:MM:SS or HH:MM:SS.mmm; nothing when malformed.
std::optional<double> parseVastTime(std::string_view text);

}  // namespace interlude::scripting
