#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace interlude::streaming::cache {

// An edge cache on disk, one per origin point (its own folder).
struct CacheSettings {
  std::string folder;  // absolute; created if missing, entries kept across restarts
  std::uint64_t maxBytes = 1ull << 30;  // size cap of the entries; least recently used go first
  std::uint64_t maxObjectBytes = 0;     // a bigger response is not stored; 0 = maxBytes / 8
  std::chrono::milliseconds collapseWait{5000};  // how long a miss waits for another
                                                 // request's fetch of the same object
};

}  // namespace interlude::streaming::cache
