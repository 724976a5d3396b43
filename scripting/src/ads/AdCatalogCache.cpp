#include "interlude/scripting/AdCatalogCache.h"

#include <Poco/Logger.h>
#include <sys/stat.h>

#include <utility>

#include "interlude/core/Diagnostic.h"
#include "interlude/scripting/CatalogReader.h"

namespace interlude::scripting {
namespace {

constexpr auto kCheckEvery = std::chrono::seconds(1);

}  // namespace

AdCatalogCache::AdCatalogCache(std::string path, std::function<Clock::time_point()> now)
    : path_(std::move(path)),
      now_(std::move(now)),
      stamp_(stamp()),
      check_(now_(), kCheckEvery),
      catalogs_(readAdCatalog(path_)) {}

std::string AdCatalogCache::stamp() const {
  struct stat info {};
  if (::stat(path_.c_str(), &info) != 0) return {};
  return std::to_string(info.st_ino) + ":" + std::to_string(info.st_size) + ":" +
         std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
}

std::shared_ptr<const AdCatalog> AdCatalogCache::current() {
  checkFile();
  return catalogs_.current();
}

AdCatalogCache::Hold AdCatalogCache::hold() {
  checkFile();
  return catalogs_.pin();
}

// The others go on with the catalog they have while one thread reads the file.
void AdCatalogCache::checkFile() {
  check_.runIfDue(now_(), [&] {
    if (auto fresh = reloadIfChanged()) catalogs_.replace(std::move(fresh));
  });
}

std::shared_ptr<const AdCatalog> AdCatalogCache::reloadIfChanged() {
  const auto seen = stamp();
  if (seen == stamp_) return nullptr;
  stamp_ = seen;  // a refused version is not read again until it changes
  try {
    return readAdCatalog(path_);
  } catch (const core::InputError& e) {
    const auto more = e.diagnostics().size() - 1;
    Poco::Logger::get("interlude.scripting")
        .error(std::string(e.what()) +
               (more ? " (and " + std::to_string(more) + " more)" : std::string()) +
               "; keeping the previous ad catalog");
  }
  return nullptr;
}

}  // namespace interlude::scripting
