#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "interlude/scripting/AdCatalog.h"

namespace interlude::scripting {

// The catalog of one file, read again when the file changes (inode, size or
// mtime), looked at no more than once a second. A new version with problems is
// refused with one log line and the previous catalog keeps serving.
class AdCatalogCache {
 public:
  using Clock = std::chrono::steady_clock;

  // Reads the file now: throws core::InputError when it is missing or bad.
  explicit AdCatalogCache(std::string path, std::function<Clock::time_point()> now = Clock::now);

  std::shared_ptr<const AdCatalog> current();

 private:
  std::string stamp() const;  // empty when the file cannot be stat'ed
  // Reads the file if its stamp changed; null when unchanged or refused.
  std::shared_ptr<const AdCatalog> reloadIfChanged();

  std::string path_;
  std::function<Clock::time_point()> now_;
  std::mutex mutex_;
  std::shared_ptr<const AdCatalog> catalog_;
  Clock::time_point lastCheck_;
  bool checking_ = false;
  std::string stamp_;  // of the version last read, good or bad; only the checking thread
};

}  // namespace interlude::scripting
