#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>

#include "interlude/core/SessionStore.h"

namespace interlude::core {

// The single-node store: a map under one mutex, expired keys dropped on access
// and by an occasional sweep.
class MemorySessionStore : public SessionStore {
 public:
  explicit MemorySessionStore(std::function<Clock::time_point()> now = Clock::now);

  bool create(const std::string& key, const std::string& value, std::chrono::seconds ttl) override;
  std::optional<std::string> get(const std::string& key) override;
  bool touch(const std::string& key, std::chrono::seconds ttl) override;
  bool compareAndSet(const std::string& key, const std::string& expected,
                     const std::string& desired) override;
  std::int64_t increment(const std::string& key, std::int64_t by,
                         std::chrono::seconds ttl) override;
  void remove(const std::string& key) override;
  bool admit(const std::string& group, const std::string& member, std::size_t limit,
             Clock::time_point expires) override;
  void leave(const std::string& group, const std::string& member) override;

  std::size_t size();  // live keys, for status pages and tests

 private:
  struct Value {
    std::string data;
    Clock::time_point expires;
  };
  // Finds a live key (dropping it if expired); the caller holds the lock.
  Value* live(const std::string& key, Clock::time_point now);
  void sweepIfDue(Clock::time_point now);

  std::function<Clock::time_point()> now_;
  std::mutex mutex_;
  std::unordered_map<std::string, Value> values_;
  std::unordered_map<std::string, std::map<std::string, Clock::time_point>> groups_;
  Clock::time_point nextSweep_{};
};

}  // namespace interlude::core
