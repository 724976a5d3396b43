#include "interlude/playlists/MediaSizes.h"

#include <sys/stat.h>

#include <mutex>

#include "interlude/core/HttpError.h"

namespace interlude::playlists {

std::uint64_t measureMedia(const core::ConfinedRoot& root, const std::string& target) {
  const auto file = root.open(target);
  struct stat info {};
  if (::fstat(file.get(), &info) != 0 || !S_ISREG(info.st_mode))
    throw core::HttpError(404, "not a file");
  return static_cast<std::uint64_t>(info.st_size);
}

MediaSizes::MediaSizes(std::chrono::milliseconds validity, std::function<Clock::time_point()> now)
    : validity_(validity), now_(std::move(now)) {}

std::uint64_t MediaSizes::size(const core::ConfinedRoot& root, const std::string& target) const {
  if (validity_.count() <= 0) return measureMedia(root, target);
  const auto now = now_();
  {
    std::shared_lock lock(mutex_);
    const auto it = sizes_.find(target);
    if (it != sizes_.end() && now - it->second.measuredAt < validity_) return it->second.size;
  }
  const auto size = measureMedia(root, target);
  std::unique_lock lock(mutex_);
  if (sizes_.size() >= kMaxFiles) {
    std::erase_if(sizes_, [&](const auto& s) { return now - s.second.measuredAt >= validity_; });
    if (sizes_.size() >= kMaxFiles) sizes_.clear();  // all fresh: start over
  }
  sizes_[target] = {size, now};
  return size;
}

}  // namespace interlude::playlists
