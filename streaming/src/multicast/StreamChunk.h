#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace interlude::streaming::multicast {

// A run of the transport stream as the receiver gathered it.
struct StreamChunk {
  std::string bytes;
  // Where in `bytes` the first TS packet that starts a video key frame is, if
  // any: a new viewer starts there rather than mid-picture.
  std::optional<std::size_t> randomAccess;
};

// A chunk is shared by every client it is queued for.
using Chunk = std::shared_ptr<const StreamChunk>;

}  // namespace interlude::streaming::multicast
