#include "cache/EdgeCache.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "cache/CacheFillImpl.h"
#include "cache/EdgeCacheImpl.h"

namespace interlude::streaming::cache {

namespace fs = std::filesystem;

namespace {

// How long an object found not storable is fetched by every request at once
// instead of one leader and waiters that would all find nothing to read.
constexpr std::time_t kNotStorableSeconds = 10;
constexpr std::size_t kMaxNotStorableKeys = 4096;
// Heads are a few hundred bytes: most are read in one small read, none beyond the limit.
constexpr std::size_t kUsualHeadBytes = 4 << 10;
constexpr std::size_t kMaxHeadBytes = 64 << 10;

std::string hexDigest(const std::string& key) {
  Poco::SHA2Engine engine;
  engine.update(key);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::optional<EntryHead> readHead(const fs::path& path, std::size_t& bodyOffset) {
  std::ifstream in(path, std::ios::binary);
  std::string text;
  for (const auto limit : {kUsualHeadBytes, kMaxHeadBytes}) {
    const auto had = text.size();
    text.resize(limit);
    in.read(text.data() + had, static_cast<std::streamsize>(limit - had));
    text.resize(had + static_cast<std::size_t>(in.gcount()));
    if (auto head = decodeEntryHead(text, bodyOffset)) return head;
    if (text.size() < limit) break;
  }
  return std::nullopt;
}

std::string pointLabel(const std::string& point) { return "point=\"" + point + "\""; }

core::Counter& counterOf(core::MetricsRegistry& metrics, const std::string& point,
                         const std::string& what, const std::string& help) {
  return metrics.counter("interlude_streaming_cache_" + what + "_total", help, pointLabel(point));
}

}  // namespace

EdgeCache::Impl::Impl(CacheSettings settings, const std::string& pointName,
                      core::MetricsRegistry& metrics, Clock clock)
    : settings_(std::move(settings)),
      maxObjectBytes_(
          std::min(settings_.maxObjectBytes ? settings_.maxObjectBytes : settings_.maxBytes / 8,
                   settings_.maxBytes)),
      clock_(std::move(clock)),
      hits_(counterOf(metrics, pointName, "hits", "Requests answered from the edge cache")),
      misses_(counterOf(metrics, pointName, "misses", "Requests the edge cache could not answer")),
      collapsed_(counterOf(metrics, pointName, "collapsed",
                           "Misses answered by another request's fetch of the same object")),
      stores_(counterOf(metrics, pointName, "stores", "Objects stored in the edge cache")),
      evictions_(counterOf(metrics, pointName, "evictions",
                           "Objects evicted from the edge cache (size cap or expiry)")),
      bytesGauge_(metrics.gauge("interlude_streaming_cache_bytes",
                                "Bytes on disk in the edge cache", pointLabel(pointName))) {
  std::error_code error;
  fs::create_directories(fs::path(settings_.folder) / "tmp", error);
  if (error || ::access(settings_.folder.c_str(), W_OK) != 0) {
    throw std::runtime_error("edge cache folder " + settings_.folder + " cannot be written");
  }
  loadFolder();
}

std::string EdgeCache::Impl::pathOf(const std::string& key) const {
  const auto digest = hexDigest(key);
  return settings_.folder + "/" + digest.substr(0, 2) + "/" + digest;
}

// Indexes the entries a previous run left, oldest use first, and drops
// unfinished temp files, expired entries and files that are no entry.
void EdgeCache::Impl::loadFolder() {
  const fs::path folder(settings_.folder);
  std::error_code error;
  for (const auto& temp : fs::directory_iterator(folder / "tmp", error)) fs::remove(temp, error);

  struct Found {
    fs::file_time_type used;
    EntryHead head;
    std::uint64_t bodyOffset;
    std::uint64_t size;
  };
  std::vector<Found> found;
  const auto now = clock_();
  for (const auto& shard : fs::directory_iterator(folder, error)) {
    if (!shard.is_directory() || shard.path().filename() == "tmp") continue;
    for (const auto& file : fs::directory_iterator(shard.path(), error)) {
      std::size_t bodyOffset = 0;
      auto head = readHead(file.path(), bodyOffset);
      const auto size = file.file_size(error);
      if (!head || error || size < bodyOffset || pathOf(head->key) != file.path().string() ||
          head->expiresAt <= now) {
        fs::remove(file.path(), error);
        continue;
      }
      found.push_back({file.last_write_time(error), std::move(*head), bodyOffset, size});
    }
  }
  std::sort(found.begin(), found.end(),
            [](const Found& a, const Found& b) { return a.used < b.used; });
  for (auto& entry : found) {
    auto path = pathOf(entry.head.key);
    index(std::move(entry.head), std::move(path), entry.bodyOffset, entry.size);
  }
  evictOverCap();
}

void EdgeCache::Impl::index(EntryHead head, std::string path, std::uint64_t bodyOffset,
                            std::uint64_t fileSize) {
  auto key = head.key;
  if (const auto old = entries_.find(key); old != entries_.end()) remove(old, false);
  recency_.push_front(key);
  entries_.emplace(std::move(key),
                   Entry{std::move(head), std::move(path), bodyOffset, fileSize, recency_.begin()});
  bytes_ += fileSize;
  publishBytes();
}

void EdgeCache::Impl::remove(std::unordered_map<std::string, Entry>::iterator it, bool unlinkFile) {
  if (unlinkFile) ::unlink(it->second.path.c_str());
  bytes_ -= it->second.fileSize;
  publishBytes();
  recency_.erase(it->second.recent);
  entries_.erase(it);
}

// Set, not added to: a cache made again for the same point (a reload) starts from the folder.
void EdgeCache::Impl::publishBytes() {
  bytesGauge_.add(static_cast<std::int64_t>(bytes_) - bytesGauge_.value());
}

void EdgeCache::Impl::evictOverCap() {
  while (bytes_ > settings_.maxBytes && !recency_.empty()) {
    remove(entries_.find(recency_.back()), true);
    evictions_.add();
  }
}

std::optional<CacheHit> EdgeCache::Impl::openFresh(const std::string& key) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  const auto now = clock_();
  auto& entry = it->second;
  if (entry.head.expiresAt <= now) {
    remove(it, true);
    evictions_.add();
    return std::nullopt;
  }
  core::FileDescriptor body(::open(entry.path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!body) {
    remove(it, false);
    return std::nullopt;
  }
  recency_.splice(recency_.begin(), recency_, entry.recent);
  return CacheHit{
      entry.head.status, entry.head.headers, entry.head.initialAge + (now - entry.head.storedAt),
      std::move(body),   entry.bodyOffset,   entry.fileSize - entry.bodyOffset};
}

std::optional<CacheHit> EdgeCache::Impl::find(const std::string& key) {
  const std::lock_guard lock(mutex_);
  auto hit = openFresh(key);
  (hit ? hits_ : misses_).add();
  return hit;
}

CacheLookup EdgeCache::Impl::lookup(const std::string& key, const std::shared_ptr<Impl>& self) {
  std::unique_lock lock(mutex_);
  CacheLookup result;
  if ((result.hit = openFresh(key))) {
    hits_.add();
    return result;
  }
  misses_.add();
  if (const auto pass = notStorableUntil_.find(key); pass != notStorableUntil_.end()) {
    if (pass->second > clock_()) return result;
    notStorableUntil_.erase(pass);
  }
  if (const auto flight = flights_.find(key); flight != flights_.end()) {
    // Another request fetches it: wait for its entry, within a bound.
    const auto waited = flight->second;
    result.collapsed = true;
    if (!landed_.wait_for(lock, settings_.collapseWait, [&] { return waited->landed; })) {
      return result;
    }
    if ((result.hit = openFresh(key))) collapsed_.add();
    return result;
  }
  flights_.emplace(key, std::make_shared<Flight>());
  result.fill = std::make_unique<CacheFill>(std::make_unique<CacheFill::Impl>(self, key));
  return result;
}

core::FileDescriptor EdgeCache::Impl::createTemp(std::string& path) const {
  path = settings_.folder + "/tmp/fill-XXXXXX";
  return core::FileDescriptor(::mkostemp(path.data(), O_CLOEXEC));
}

bool EdgeCache::Impl::install(const std::string& tempPath, EntryHead head, std::uint64_t bodyOffset,
                              std::uint64_t fileSize) {
  const auto path = pathOf(head.key);
  std::error_code error;
  fs::create_directories(fs::path(path).parent_path(), error);
  // Renamed under the lock: an eviction of the same key cannot unlink the new file.
  const std::lock_guard lock(mutex_);
  if (::rename(tempPath.c_str(), path.c_str()) != 0) return false;
  index(std::move(head), path, bodyOffset, fileSize);
  stores_.add();
  evictOverCap();
  return true;
}

void EdgeCache::Impl::markNotStorable(const std::string& key) {
  const std::lock_guard lock(mutex_);
  const auto now = clock_();
  if (notStorableUntil_.size() >= kMaxNotStorableKeys) {
    std::erase_if(notStorableUntil_, [now](const auto& pass) { return pass.second <= now; });
    if (notStorableUntil_.size() >= kMaxNotStorableKeys) notStorableUntil_.clear();
  }
  notStorableUntil_[key] = now + kNotStorableSeconds;
}

void EdgeCache::Impl::land(const std::string& key) {
  {
    const std::lock_guard lock(mutex_);
    const auto flight = flights_.find(key);
    if (flight == flights_.end()) return;
    flight->second->landed = true;
    flights_.erase(flight);
  }
  landed_.notify_all();
}

EdgeCache::Stats EdgeCache::Impl::stats() const {
  const std::lock_guard lock(mutex_);
  return {hits_.value(),   misses_.value(), collapsed_.value(), stores_.value(), evictions_.value(),
          entries_.size(), bytes_};
}

EdgeCache::EdgeCache(CacheSettings settings, std::string pointName, core::MetricsRegistry& metrics,
                     Clock clock)
    : impl_(std::make_shared<Impl>(std::move(settings), pointName, metrics, std::move(clock))) {}

EdgeCache::~EdgeCache() = default;

std::string EdgeCache::keyOf(std::string_view point, std::string_view pathAndQuery) {
  std::string key(point);
  key += '\n';
  key += pathAndQuery;
  return key;
}

std::optional<CacheHit> EdgeCache::find(const std::string& key) { return impl_->find(key); }

CacheLookup EdgeCache::lookup(const std::string& key) { return impl_->lookup(key, impl_); }

EdgeCache::Stats EdgeCache::stats() const { return impl_->stats(); }

}  // namespace interlude::streaming::cache
