#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <tuple>

#include "interlude/core/OpenFileCache.h"
#include "interlude/throttling/MediaInfo.h"

namespace interlude::throttling {

// What was sniffed from each file, by (device, inode, size, mtime): a file is
// sniffed once until it changes. When full, the cache starts again empty.
class SniffCache {
 public:
  explicit SniffCache(std::size_t maxEntries = 100000) : maxEntries_(maxEntries) {}

  struct Result {
    std::shared_ptr<const MediaInfo> info;
    bool fresh;  // sniffed by this call (so a caller can log an unknown file once)
  };
  Result lookup(const core::OpenFile& file);

 private:
  using Key = std::tuple<std::uint64_t, std::uint64_t, std::uint64_t, std::int64_t>;

  std::size_t maxEntries_;
  std::shared_mutex mutex_;
  std::map<Key, std::shared_ptr<const MediaInfo>> entries_;
};

}  // namespace interlude::throttling
