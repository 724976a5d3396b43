#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "interlude/playlists/Playlist.h"
#include "interlude/playlists/PlaylistExtensions.h"

namespace interlude::playlists {

// Playlists by file, read again by their provider when the file changes
// (mtime, size or inode). Thread-safe; errors are not cached.
class PlaylistCache {
 public:
  // Throws core::InputError (parse errors), std::system_error (no such file) or
  // std::invalid_argument (no provider for the file's extension).
  std::shared_ptr<const Playlist> load(const std::string& path,
                                       const PlaylistExtensions& providers);

 private:
  struct Cached {
    std::shared_ptr<const Playlist> playlist;
    std::string stamp;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> entries_;
};

}  // namespace interlude::playlists
