#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace interlude::throttling {

// `interlude sniff FILE... [--json]`: one row per file (container, duration,
// bitrate, streams, method or reason), or a JSON array. Returns the exit code:
// 0 when every file was recognised, 1 when one was unknown.
int printSniffs(const std::vector<std::string>& files, bool json, std::ostream& out);

}  // namespace interlude::throttling
