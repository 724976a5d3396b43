#include "interlude/core/MemorySessionStore.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace interlude::core {
namespace {

using Clock = SessionStore::Clock;

// Every bucket is swept about once per interval, a slice on each write in
// proportion to the time since the last: sweeping everything at once held the
// lock for ~100 ms with 300,000 sessions, and every request waited.
constexpr auto kSweepInterval = std::chrono::seconds(10);
constexpr std::size_t kMaxSweepBuckets = 4096;  // bounds one slice's pause

std::size_t sliceOf(std::size_t buckets, Clock::duration elapsed) {
  const auto share = static_cast<double>(buckets) * std::chrono::duration<double>(elapsed) /
                     std::chrono::duration<double>(kSweepInterval);
  return static_cast<std::size_t>(std::clamp(share, 1.0, static_cast<double>(kMaxSweepBuckets)));
}

// Erases the expired entries of `count` buckets of `map`, from `cursor` on.
template <class Map, class ExpiresOf>
void sweepBuckets(Map& map, std::size_t& cursor, std::size_t count, Clock::time_point now,
                  ExpiresOf expiresOf) {
  std::vector<typename Map::key_type> expired;
  for (std::size_t n = 0; n < count && !map.empty(); ++n) {
    const auto bucket = cursor++ % map.bucket_count();
    for (auto it = map.begin(bucket); it != map.end(bucket); ++it) {
      if (expiresOf(it->second) <= now) expired.push_back(it->first);
    }
    for (const auto& key : expired) map.erase(key);
    expired.clear();
  }
}

}  // namespace

MemorySessionStore::MemorySessionStore(std::function<Clock::time_point()> now)
    : now_(std::move(now)) {}

MemorySessionStore::Shard& MemorySessionStore::shardOf(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

bool MemorySessionStore::create(const std::string& key, const std::string& value,
                                std::chrono::seconds ttl) {
  const auto now = now_();
  return shardOf(key).create(key, value, now + ttl, now);
}

std::optional<std::string> MemorySessionStore::get(const std::string& key) {
  return shardOf(key).get(key, now_());
}

bool MemorySessionStore::touch(const std::string& key, std::chrono::seconds ttl) {
  const auto now = now_();
  return shardOf(key).touch(key, now + ttl, now);
}

bool MemorySessionStore::compareAndSet(const std::string& key, const std::string& expected,
                                       const std::string& desired) {
  return shardOf(key).compareAndSet(key, expected, desired, now_());
}

std::int64_t MemorySessionStore::increment(const std::string& key, std::int64_t by,
                                           std::chrono::seconds ttl) {
  const auto now = now_();
  return shardOf(key).increment(key, by, now + ttl, now);
}

void MemorySessionStore::remove(const std::string& key) { shardOf(key).remove(key); }

bool MemorySessionStore::admit(const std::string& group, const std::string& member,
                               std::size_t limit, Clock::time_point expires) {
  return shardOf(group).admit(group, member, limit, expires, now_());
}

void MemorySessionStore::leave(const std::string& group, const std::string& member) {
  shardOf(group).leave(group, member);
}

std::vector<std::string> MemorySessionStore::keys(const std::string& prefix, std::size_t limit) {
  const auto now = now_();
  std::vector<std::string> out;
  for (auto& shard : shards_) {
    if (out.size() >= limit) break;
    shard.keys(prefix, limit, now, out);
  }
  return out;
}

std::size_t MemorySessionStore::size() {
  const auto now = now_();
  std::size_t live = 0;
  for (auto& shard : shards_) live += shard.size(now);
  return live;
}

std::size_t MemorySessionStore::held() {
  std::size_t held = 0;
  for (auto& shard : shards_) held += shard.held();
  return held;
}

MemorySessionStore::Shard::Value* MemorySessionStore::Shard::live(const std::string& key,
                                                                  Clock::time_point now) {
  const auto it = values_.find(key);
  if (it == values_.end()) return nullptr;
  if (it->second.expires <= now) {
    values_.erase(it);
    return nullptr;
  }
  return &it->second;
}

void MemorySessionStore::Shard::noteExpiry(Clock::time_point expires) {
  earliest_ = std::min(earliest_, expires);
  passEarliest_ = std::min(passEarliest_, expires);
}

// A pass goes over every bucket of the values, a slice at a time, and learns
// the earliest expiry of what it keeps; until then there is nothing to sweep
// (with long-lived sessions, the sweep was 3% of a playlist request).
void MemorySessionStore::Shard::sweepValues(Clock::time_point now, std::size_t slice) {
  if (now < earliest_) return;
  if (values_.bucket_count() != passBuckets_) {  // rehashed: keys moved between buckets
    passBuckets_ = values_.bucket_count();
    valuesCursor_ = 0;
    passEarliest_ = Clock::time_point::max();
  }
  std::vector<std::string> expired;
  for (std::size_t n = 0; n < slice && valuesCursor_ < passBuckets_; ++n, ++valuesCursor_) {
    for (auto it = values_.begin(valuesCursor_); it != values_.end(valuesCursor_); ++it) {
      if (it->second.expires <= now) {
        expired.push_back(it->first);
      } else {
        passEarliest_ = std::min(passEarliest_, it->second.expires);
      }
    }
  }
  for (const auto& key : expired) values_.erase(key);
  if (valuesCursor_ == passBuckets_) {
    earliest_ = passEarliest_;
    passEarliest_ = Clock::time_point::max();
    valuesCursor_ = 0;
  }
}

void MemorySessionStore::Shard::sweepSome(Clock::time_point now) {
  const auto elapsed = now - lastSweep_;
  lastSweep_ = now;
  sweepValues(now, sliceOf(values_.bucket_count(), elapsed));
  // A slice of the groups, and of each of them a slice of its members; a group
  // left empty counts as expired.
  sweepBuckets(groups_, groupsCursor_, sliceOf(groups_.bucket_count(), elapsed), now,
               [&](Group& group) {
                 sweepBuckets(group.members, group.sweepCursor,
                              sliceOf(group.members.bucket_count(), elapsed), now,
                              [](Clock::time_point expires) { return expires; });
                 return group.members.empty() ? now : Clock::time_point::max();
               });
}

bool MemorySessionStore::Shard::create(const std::string& key, const std::string& value,
                                       Clock::time_point expires, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  sweepSome(now);
  // One lookup: in a map of a million sessions each one is a cache miss.
  const auto [it, inserted] = values_.try_emplace(key, Value{value, expires});
  if (!inserted) {
    if (it->second.expires > now) return false;
    it->second = {value, expires};  // expired: taken over
  }
  noteExpiry(expires);
  return true;
}

std::optional<std::string> MemorySessionStore::Shard::get(const std::string& key,
                                                          Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto* v = live(key, now);
  return v ? std::optional<std::string>(v->data) : std::nullopt;
}

bool MemorySessionStore::Shard::touch(const std::string& key, Clock::time_point expires,
                                      Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto* v = live(key, now);
  if (!v) return false;
  v->expires = expires;
  noteExpiry(expires);
  return true;
}

bool MemorySessionStore::Shard::compareAndSet(const std::string& key, const std::string& expected,
                                              const std::string& desired, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto* v = live(key, now);
  if (!v || v->data != expected) return false;
  v->data = desired;
  return true;
}

std::int64_t MemorySessionStore::Shard::increment(const std::string& key, std::int64_t by,
                                                  Clock::time_point expires,
                                                  Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto* v = live(key, now);
  if (!v) {
    v = &(values_[key] = {"0", expires});
    noteExpiry(expires);
  }
  std::int64_t current = 0;
  std::from_chars(v->data.data(), v->data.data() + v->data.size(), current);
  current += by;
  v->data = std::to_string(current);
  return current;
}

void MemorySessionStore::Shard::remove(const std::string& key) {
  std::lock_guard lock(mutex_);
  values_.erase(key);
}

bool MemorySessionStore::Shard::admit(const std::string& group, const std::string& member,
                                      std::size_t limit, Clock::time_point expires,
                                      Clock::time_point now) {
  std::lock_guard lock(mutex_);
  sweepSome(now);
  auto& members = groups_[group].members;
  const bool known = members.contains(member);
  if (!known && limit != 0 && members.size() >= limit) {
    // Full: only now is it worth dropping the members whose time has passed.
    std::erase_if(members, [now](const auto& m) { return m.second <= now; });
    if (members.size() >= limit) return false;
  }
  members[member] = expires;
  return true;
}

void MemorySessionStore::Shard::leave(const std::string& group, const std::string& member) {
  std::lock_guard lock(mutex_);
  const auto it = groups_.find(group);
  if (it == groups_.end()) return;
  it->second.members.erase(member);
  if (it->second.members.empty()) groups_.erase(it);
}

std::size_t MemorySessionStore::Shard::size(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::erase_if(values_, [now](const auto& e) { return e.second.expires <= now; });
  return values_.size();
}

void MemorySessionStore::Shard::keys(const std::string& prefix, std::size_t limit,
                                     Clock::time_point now, std::vector<std::string>& out) {
  std::lock_guard lock(mutex_);
  for (const auto& [key, value] : values_) {
    if (out.size() >= limit) return;
    if (value.expires > now && key.starts_with(prefix)) out.push_back(key);
  }
}

std::size_t MemorySessionStore::Shard::held() {
  std::lock_guard lock(mutex_);
  return values_.size();
}

}  // namespace interlude::core
