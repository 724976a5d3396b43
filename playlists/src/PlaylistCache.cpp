#include "interlude/playlists/PlaylistCache.h"

#include <sys/stat.h>

#include <cerrno>
#include <system_error>

#include "interlude/core/RequestPath.h"

namespace interlude::playlists {

std::shared_ptr<const Playlist> PlaylistCache::load(const std::string& path,
                                                    const PlaylistExtensions& providers) {
  const auto* provider = providers.provider(core::extensionOf(path));
  if (!provider) throw std::invalid_argument("no playlist provider for " + path);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw std::system_error(errno, std::generic_category(), path);
  const std::string stamp = std::to_string(info.st_ino) + ":" + std::to_string(info.st_size) + ":" +
                            std::to_string(info.st_mtim.tv_sec) + "." +
                            std::to_string(info.st_mtim.tv_nsec);
  {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(path);
    if (it != entries_.end() && it->second.stamp == stamp) return it->second.playlist;
  }
  auto playlist = std::make_shared<const Playlist>((*provider)(path));  // outside the lock
  std::lock_guard lock(mutex_);
  entries_[path] = {playlist, stamp};
  return playlist;
}

}  // namespace interlude::playlists
