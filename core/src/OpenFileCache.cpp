#include "interlude/core/OpenFileCache.h"

#include <mutex>

namespace interlude::core {

OpenFileCache::OpenFileCache(std::chrono::milliseconds validity, std::size_t maxEntries)
    : validity_(validity), maxEntries_(maxEntries) {}

std::shared_ptr<const OpenFile> OpenFileCache::find(const std::string& path) const {
  if (!enabled()) return nullptr;
  std::shared_lock lock(mutex_);
  const auto it = entries_.find(path);
  if (it == entries_.end()) return nullptr;
  if (std::chrono::steady_clock::now() - it->second->loadedAt >= validity_) return nullptr;
  return it->second;
}

void OpenFileCache::insert(const std::string& path, std::shared_ptr<const OpenFile> file) {
  if (!enabled()) return;
  std::unique_lock lock(mutex_);
  if (entries_.size() >= maxEntries_) {
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(entries_, [&](const auto& e) { return now - e.second->loadedAt >= validity_; });
    if (entries_.size() >= maxEntries_) entries_.clear();  // all fresh: start over
  }
  entries_[path] = std::move(file);
}

}  // namespace interlude::core
