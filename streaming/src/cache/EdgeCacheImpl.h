#pragma once

#include <condition_variable>
#include <list>
#include <mutex>
#include <unordered_map>

#include "cache/EdgeCache.h"
#include "cache/EntryHead.h"

namespace interlude::streaming::cache {

// The index and the flights of an EdgeCache; CacheFill talks to it.
class EdgeCache::Impl {
 public:
  Impl(CacheSettings settings, const std::string& pointName, core::MetricsRegistry& metrics,
       Clock clock);

  std::optional<CacheHit> find(const std::string& key);
  CacheLookup lookup(const std::string& key, const std::shared_ptr<Impl>& self);
  Stats stats() const;

  // For fills.
  std::time_t now() const { return clock_(); }
  std::uint64_t maxObjectBytes() const { return maxObjectBytes_; }
  // A new temp file in the folder, opened for writing.
  core::FileDescriptor createTemp(std::string& path) const;
  // Renames a complete temp file into place and indexes it; false if that failed.
  bool install(const std::string& tempPath, EntryHead head, std::uint64_t bodyOffset,
               std::uint64_t fileSize);
  // The object of `key` was found not storable: lookups fetch it without waiting a while.
  void markNotStorable(const std::string& key);
  // The fetch of `key` is over, stored or not: wake its waiters.
  void land(const std::string& key);

 private:
  struct Entry {
    EntryHead head;
    std::string path;  // kept: no hashing under the lock
    std::uint64_t bodyOffset = 0;
    std::uint64_t fileSize = 0;
    std::list<std::string>::iterator recent;  // in recency_
  };
  struct Flight {
    bool landed = false;
  };

  std::string pathOf(const std::string& key) const;
  void loadFolder();
  void index(EntryHead head, std::string path, std::uint64_t bodyOffset, std::uint64_t fileSize);
  std::optional<CacheHit> openFresh(const std::string& key);  // mutex_ held
  void remove(std::unordered_map<std::string, Entry>::iterator it, bool unlinkFile);
  void evictOverCap();
  void publishBytes();

  CacheSettings settings_;
  std::uint64_t maxObjectBytes_;
  Clock clock_;
  core::Counter& hits_;
  core::Counter& misses_;
  core::Counter& collapsed_;
  core::Counter& stores_;
  core::Counter& evictions_;
  core::Gauge& bytesGauge_;

  mutable std::mutex mutex_;
  std::condition_variable landed_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // keys, most recently used first
  std::uint64_t bytes_ = 0;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
  std::unordered_map<std::string, std::time_t> notStorableUntil_;
};

}  // namespace interlude::streaming::cache
