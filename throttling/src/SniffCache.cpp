#include "interlude/throttling/SniffCache.h"

#include <mutex>

#include "interlude/throttling/Sniff.h"

namespace interlude::throttling {

SniffCache::Result SniffCache::lookup(const core::OpenFile& file) {
  const Key key{file.device, file.inode, file.size, file.mtimeNanos};
  {
    std::shared_lock lock(mutex_);
    if (const auto it = entries_.find(key); it != entries_.end()) return {it->second, false};
  }
  FileByteSource source(file.fd.get(), file.size);
  auto info = std::make_shared<const MediaInfo>(sniffMedia(source));
  std::unique_lock lock(mutex_);
  if (entries_.size() >= maxEntries_) entries_.clear();
  const auto [it, inserted] = entries_.emplace(key, std::move(info));
  return {it->second, inserted};
}

}  // namespace interlude::throttling
