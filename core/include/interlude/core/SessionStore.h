#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace interlude::core {

// Shared state of sessions and counters, with the atomic operations several
// nodes need: a memory store now, Redis next (each operation maps to one
// Redis command or one small script). Values are opaque strings.
class SessionStore {
 public:
  using Clock = std::chrono::system_clock;

  virtual ~SessionStore() = default;

  // Stores `value` under `key` unless the key exists; the key expires after `ttl`.
  virtual bool create(const std::string& key, const std::string& value,
                      std::chrono::seconds ttl) = 0;
  virtual std::optional<std::string> get(const std::string& key) = 0;
  // Sets a new time to live; false when the key is gone.
  virtual bool touch(const std::string& key, std::chrono::seconds ttl) = 0;
  // Replaces the value only if it still equals `expected` (and keeps the TTL).
  virtual bool compareAndSet(const std::string& key, const std::string& expected,
                             const std::string& desired) = 0;
  // Adds `by` to an integer counter, creating it at 0 with `ttl`; returns the new value.
  virtual std::int64_t increment(const std::string& key, std::int64_t by,
                                 std::chrono::seconds ttl) = 0;
  virtual void remove(const std::string& key) = 0;

  // Admission to a bounded group (e.g. the viewers of one playlist): drops
  // members whose time has passed, then adds `member` until `expires` if the
  // group has fewer than `limit` members (or it is already in). A limit of 0
  // means no limit.
  virtual bool admit(const std::string& group, const std::string& member, std::size_t limit,
                     Clock::time_point expires) = 0;
  virtual void leave(const std::string& group, const std::string& member) = 0;
};

}  // namespace interlude::core
