#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "interlude/playlists/Playlist.h"

namespace interlude::playlists {

// Parsed playlists by file, parsed again when the file changes (mtime, size or
// inode). Thread-safe; parse errors are not cached.
class PlaylistCache {
 public:
  // Throws core::InputError (parse errors) or std::system_error (no such file).
  std::shared_ptr<const Playlist> load(const std::string& path);

 private:
  struct Cached {
    std::shared_ptr<const Playlist> playlist;
    std::string stamp;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> entries_;
};

}  // namespace interlude::playlists
