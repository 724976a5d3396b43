#pragma once

#include <memory>

#include "interlude/core/MemorySessionStore.h"

namespace interlude::core {

// A shared store with this node's memory behind it (sessions fallback="memory"):
// while the shared one is unreachable, operations go to memory, so new sessions
// still start (they continue on this node only). A key the shared store does
// not have is looked for in memory too, so those sessions go on once it is back.
class FallbackSessionStore : public SessionStore {
 public:
  explicit FallbackSessionStore(std::unique_ptr<SessionStore> shared);

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
  std::vector<std::string> keys(const std::string& prefix, std::size_t limit) override;
  std::string degradation() override;
  bool sharedByNodes() const override { return shared_->sharedByNodes(); }

 private:
  std::unique_ptr<SessionStore> shared_;
  MemorySessionStore memory_;
};

}  // namespace interlude::core
