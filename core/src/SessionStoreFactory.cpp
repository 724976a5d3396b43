#include "interlude/core/SessionStoreFactory.h"

#include "interlude/core/FallbackSessionStore.h"
#include "interlude/core/RedisSessionStore.h"

namespace interlude::core {

std::unique_ptr<SessionStore> makeSessionStore(const SessionsConfig& config, Poco::Logger& log) {
  if (config.store == SessionsConfig::Store::Memory) return std::make_unique<MemorySessionStore>();
  auto redis = std::make_unique<RedisSessionStore>(config, log);
  const bool fallback = config.fallback == SessionsConfig::Fallback::Memory;
  log.information(
      "sessions in Redis at " + config.address + " (prefix \"" + config.prefix +
      "\"); while it is unreachable, " +
      (fallback ? "new sessions stay in this node's memory" : "new sessions are refused with 503"));
  redis->degradation();  // connects, or logs why it cannot
  if (fallback) return std::make_unique<FallbackSessionStore>(std::move(redis));
  return redis;
}

}  // namespace interlude::core
