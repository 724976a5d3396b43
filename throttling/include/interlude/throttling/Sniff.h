#pragma once

#include <string>

#include "interlude/throttling/ByteSource.h"
#include "interlude/throttling/MediaInfo.h"

namespace interlude::throttling {

// Detects the container from the file's first bytes (never its name) and reads
// duration and bitrate from headers and indexes within the source's budget.
// Never throws for bad input: truncated, corrupt or unknown files give an
// unknown MediaInfo with a reason.
MediaInfo sniffMedia(ByteSource& source);

// Opens and sniffs a file (the CLI's entry point).
MediaInfo sniffFile(const std::string& path);

}  // namespace interlude::throttling
