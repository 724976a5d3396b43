#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "interlude/scripting/AdCatalog.h"
#include "interlude/scripting/PeriodicCheck.h"
#include "interlude/scripting/ThreadVersions.h"

namespace interlude::scripting {

// The catalog of one file, read again when the file changes (inode, size or
// mtime), looked at no more than once a second. A new version with problems is
// refused with one log line and the previous catalog keeps serving.
class AdCatalogCache {
 public:
  using Clock = std::chrono::steady_clock;
  // The current catalog, kept while the hold lives: a thread takes the catalog
  // it held last again without a lock or a count shared with other threads, so
  // a rule call takes one for all its picks (ThreadVersions).
  using Hold = ThreadVersions<const AdCatalog>::Pin;

  // Reads the file now: throws core::InputError when it is missing or bad.
  explicit AdCatalogCache(std::string path, std::function<Clock::time_point()> now = Clock::now);

  std::shared_ptr<const AdCatalog> current();
  Hold hold();

 private:
  std::string stamp() const;  // empty when the file cannot be stat'ed
  // At most once a second, on one thread: a changed file is read and replaces the catalog.
  void checkFile();
  // Reads the file if its stamp changed; null when unchanged or refused.
  std::shared_ptr<const AdCatalog> reloadIfChanged();

  std::string path_;
  std::function<Clock::time_point()> now_;
  std::string stamp_;  // of the version last read, good or bad; only the checking thread
  PeriodicCheck<Clock> check_;
  ThreadVersions<const AdCatalog> catalogs_;
};

}  // namespace interlude::scripting
