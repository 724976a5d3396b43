#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cache/CacheSettings.h"
#include "cache/HeaderList.h"
#include "interlude/core/FileDescriptor.h"
#include "interlude/core/Metrics.h"

namespace interlude::streaming::cache {

// A fresh stored response: serve `bodySize` bytes of `body` from `bodyOffset`
// (core::sendFileRange); the file stays readable even if evicted meanwhile.
struct CacheHit {
  int status = 200;
  HeaderList headers;           // as stored, without Age
  std::int64_t ageSeconds = 0;  // for the Age header
  core::FileDescriptor body;
  std::uint64_t bodyOffset = 0;
  std::uint64_t bodySize = 0;
};

class EdgeCache;

// The right and duty to store one key's response, held by the one request that
// fetches it upstream. Feed it the response as it streams to the client, then
// commit(). Destroyed without commit() (upstream failure, client gone, not
// storable), it stores nothing and the requests waiting on it fetch themselves.
class CacheFill {
 public:
  ~CacheFill();
  CacheFill(const CacheFill&) = delete;
  CacheFill& operator=(const CacheFill&) = delete;

  // Starts the entry if the response may be stored (see freshnessOf); false if
  // not: then write() and commit() do nothing and waiting requests are released.
  bool begin(int status, const HeaderList& headers);
  // False once the entry was given up (too big, disk error); keep streaming anyway.
  bool write(std::string_view bytes);
  // The entry becomes visible (renamed into place) if complete: begun, every
  // byte written, as many as a Content-Length said.
  void commit();

  class Impl;
  explicit CacheFill(std::unique_ptr<Impl> impl);  // made by EdgeCache::lookup

 private:
  std::unique_ptr<Impl> impl_;
};

// What a GET miss gets from lookup(): a hit (fresh entry, perhaps just stored by
// the request it waited for), else a fill to lead the fetch, else neither (wait
// timed out, leader failed or the object is known not storable): fetch without
// storing.
struct CacheLookup {
  std::optional<CacheHit> hit;
  std::unique_ptr<CacheFill> fill;
  bool collapsed = false;  // this request waited for another one's fetch
};

// Disk cache of upstream responses with LRU eviction under a size cap and
// request collapsing. Entries are written to a temp file and renamed into place
// when complete, so a crash or a failed fetch leaves no half entry; the index is
// rebuilt from the folder at start. Thread-safe.
//
// Metrics (label point="NAME"): interlude_streaming_cache_{hits,misses,collapsed,
// stores,evictions}_total and interlude_streaming_cache_bytes.
class EdgeCache {
 public:
  using Clock = std::function<std::time_t()>;

  // Throws std::runtime_error when the folder cannot be created or written.
  EdgeCache(
      CacheSettings settings, std::string pointName, core::MetricsRegistry& metrics,
      Clock clock = [] { return std::time(nullptr); });
  ~EdgeCache();
  EdgeCache(const EdgeCache&) = delete;
  EdgeCache& operator=(const EdgeCache&) = delete;

  // point + '\n' + path?query: the key of a request.
  static std::string keyOf(std::string_view point, std::string_view pathAndQuery);

  // A fresh entry or nothing; never waits, never leads (HEAD, conditional use).
  std::optional<CacheHit> find(const std::string& key);
  // For a GET: may wait up to collapseWait for another request's fetch of `key`.
  CacheLookup lookup(const std::string& key);

  struct Stats {
    std::uint64_t hits = 0, misses = 0, collapsed = 0, stores = 0, evictions = 0;
    std::uint64_t entries = 0, bytes = 0;
  };
  Stats stats() const;

  // "X-Cache" header value for a response: HIT when it came from the cache.
  static const char* xCacheValue(bool hit) { return hit ? "HIT" : "MISS"; }

 private:
  friend class CacheFill;
  class Impl;
  std::shared_ptr<Impl> impl_;  // fills keep it alive
};

}  // namespace interlude::streaming::cache
