#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interlude::core {

// Shared state of sessions and counters, with the atomic operations several
// nodes need: in memory (one node) or in Redis (several nodes; each operation
// is one Redis command or one small script). Values are opaque strings. An
// operation that cannot reach the store throws StoreUnavailable.
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

  // Live keys that start with `prefix`, at most `limit`, in no order (for
  // listings such as the admin API's sessions).
  virtual std::vector<std::string> keys(const std::string& prefix, std::size_t limit) = 0;

  // Empty while the store serves; otherwise why it does not, or serves only in
  // part (for /healthz). May try to reach a store that was down.
  virtual std::string degradation() { return {}; }

  // Whether other nodes write here too: what they do shows up only when read again.
  virtual bool sharedByNodes() const { return false; }
};

}  // namespace interlude::core
