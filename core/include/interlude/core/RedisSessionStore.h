#pragma once

#include <Poco/Logger.h>

#include <memory>
#include <string>

#include "interlude/core/Config.h"
#include "interlude/core/SessionStore.h"

namespace interlude::core {

class RedisBatcher;
class RedisConnections;
class RespCommand;
struct RespReply;

// The store several nodes share: each operation is one Redis command, or one
// Lua script where it reads and then writes (loaded once per connection, run
// with EVALSHA), so it is atomic across nodes. Keys carry the configured
// prefix and expire in Redis; a group is a sorted set scored by expiry. The
// commands of concurrent requests go out together (RedisBatcher).
class RedisSessionStore : public SessionStore {
 public:
  RedisSessionStore(const SessionsConfig& config, Poco::Logger& log);
  ~RedisSessionStore() override;

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
  bool sharedByNodes() const override { return true; }

 private:
  struct Scripts;
  struct Script;

  RespReply reply(const RespCommand& command);
  std::int64_t run(const Script& script, const std::string& key,
                   const std::vector<std::string>& args);

  std::string prefix_;
  std::shared_ptr<Scripts> scripts_;
  std::unique_ptr<RedisConnections> connections_;
  std::unique_ptr<RedisBatcher> batcher_;
};

}  // namespace interlude::core
