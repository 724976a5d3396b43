#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "interlude/core/FileDescriptor.h"
#include "interlude/core/HttpConditions.h"

namespace interlude::core {

// A file opened for delivery, with everything a response needs precomputed.
struct OpenFile {
  static constexpr std::uint64_t kInlineLimit = 32 << 10;

  FileDescriptor fd;
  std::string servedPath;  // the request path, or the index file it resolved to
  std::uint64_t size = 0;
  Validators validators;
  std::string lastModified;  // HTTP date
  std::string contentType;
  std::string body;  // the whole file when size <= kInlineLimit, else empty
  // Identity of the file's content, for caches of what is learnt from it.
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::int64_t mtimeNanos = 0;
  std::chrono::steady_clock::time_point loadedAt;
};

// Like nginx's open_file_cache: request path -> open file, for `validity`, so a
// hot file costs no open/stat/read per request. A changed file is seen once
// its entry is older than `validity`; 0 turns the cache off.
class OpenFileCache {
 public:
  OpenFileCache(std::chrono::milliseconds validity, std::size_t maxEntries);

  bool enabled() const { return validity_.count() > 0; }
  std::shared_ptr<const OpenFile> find(const std::string& path) const;
  void insert(const std::string& path, std::shared_ptr<const OpenFile> file);

 private:
  std::chrono::milliseconds validity_;
  std::size_t maxEntries_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const OpenFile>> entries_;
};

}  // namespace interlude::core
