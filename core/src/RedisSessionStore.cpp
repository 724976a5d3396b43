#include "interlude/core/RedisSessionStore.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "RedisBatcher.h"
#include "RedisConnections.h"
#include "RespCommand.h"
#include "RespReply.h"

namespace interlude::core {
namespace {

// An error reply, or a reply of a type the command does not give: Redis
// answered, so the connection is fine (not a Poco exception, which
// RedisConnections takes for a broken connection).
class ErrorReply : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `reply` unless it is an error reply, which is thrown.
RespReply checked(RespReply reply) {
  if (reply.type == RespReply::Type::Error) throw ErrorReply("Redis: " + reply.text);
  return reply;
}

void expect(const RespReply& reply, RespReply::Type type) {
  static constexpr const char* kNames[] = {"status", "error", "integer", "bulk", "null", "array"};
  if (reply.type != type) {
    throw ErrorReply(std::string("Redis: expected a ") + kNames[int(type)] + " reply, got " +
                     kNames[int(reply.type)]);
  }
}

std::int64_t integerOf(const RespReply& reply) {
  expect(reply, RespReply::Type::Integer);
  return reply.integer;
}

// Replaces the value only if it is still the expected one; the TTL stays.
constexpr const char* kCompareAndSet = R"(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0)";

// A counter made by this call has no TTL yet: give it one.
constexpr const char* kIncrement = R"(
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value)";

// ARGV: member, its expiry and now (epoch ms), limit (0: none). Members are
// scored by expiry; the group lives as long as its last member.
constexpr const char* kAdmit = R"(
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local limit = tonumber(ARGV[4])
if limit > 0 and not redis.call('ZSCORE', KEYS[1], ARGV[1])
   and redis.call('ZCARD', KEYS[1]) >= limit then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return 1)";

// `text` matched literally by a SCAN pattern.
std::string globEscaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string sha1Of(const std::string& text) {
  Poco::SHA1Engine sha1;
  sha1.update(text);
  return Poco::DigestEngine::digestToHex(sha1.digest());
}

std::string milliseconds(std::chrono::seconds ttl) {
  // Redis refuses a TTL of 0; a key that expires at once is as good as gone.
  return std::to_string(std::max<std::int64_t>(1, ttl.count() * 1000));
}

std::string epochMilliseconds(SessionStore::Clock::time_point t) {
  return std::to_string(
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

}  // namespace

struct RedisSessionStore::Script {
  explicit Script(const char* text) : source(text), sha(sha1Of(source)) {}
  std::string source;
  std::string sha;
};

struct RedisSessionStore::Scripts {
  Script compareAndSet{kCompareAndSet};
  Script increment{kIncrement};
  Script admit{kAdmit};

  static void load(RedisClient& client, const Script& script) {
    client.executeOrFail({"SCRIPT", "LOAD", script.source});
  }
  void loadAll(RedisClient& client) const {
    for (const auto* script : {&compareAndSet, &increment, &admit}) load(client, *script);
  }
};

RedisSessionStore::RedisSessionStore(const SessionsConfig& config, Poco::Logger& log)
    : prefix_(config.prefix), scripts_(std::make_shared<Scripts>()) {
  connections_ = std::make_unique<RedisConnections>(
      config, [scripts = scripts_](RedisClient& client) { scripts->loadAll(client); }, log);
  batcher_ = std::make_unique<RedisBatcher>(*connections_);
}

RespReply RedisSessionStore::reply(const RespCommand& command) {
  return checked(batcher_->execute(command));
}

// EVALSHA; a server that has lost its scripts (SCRIPT FLUSH) gets it again.
std::int64_t RedisSessionStore::run(const Script& script, const std::string& key,
                                    const std::vector<std::string>& args) {
  RespCommand command{"EVALSHA", script.sha, "1", prefix_ + key};
  for (const auto& a : args) command << a;
  try {
    return integerOf(reply(command));
  } catch (const ErrorReply& e) {
    if (std::string_view(e.what()).find("NOSCRIPT") == std::string_view::npos) throw;
    connections_->with([&](RedisClient& client) { Scripts::load(client, script); });
    return integerOf(reply(command));
  }
}

RedisSessionStore::~RedisSessionStore() = default;

bool RedisSessionStore::create(const std::string& key, const std::string& value,
                               std::chrono::seconds ttl) {
  // "+OK" when set, a null bulk string when the key exists.
  return reply({"SET", prefix_ + key, value, "NX", "PX", milliseconds(ttl)}).type ==
         RespReply::Type::Status;
}

std::optional<std::string> RedisSessionStore::get(const std::string& key) {
  auto value = reply({"GET", prefix_ + key});
  if (value.type == RespReply::Type::Null) return std::nullopt;
  expect(value, RespReply::Type::Bulk);
  return std::move(value.text);
}

bool RedisSessionStore::touch(const std::string& key, std::chrono::seconds ttl) {
  return integerOf(reply({"PEXPIRE", prefix_ + key, milliseconds(ttl)})) == 1;
}

bool RedisSessionStore::compareAndSet(const std::string& key, const std::string& expected,
                                      const std::string& desired) {
  return run(scripts_->compareAndSet, key, {expected, desired}) == 1;
}

std::int64_t RedisSessionStore::increment(const std::string& key, std::int64_t by,
                                          std::chrono::seconds ttl) {
  return run(scripts_->increment, key, {std::to_string(by), milliseconds(ttl)});
}

void RedisSessionStore::remove(const std::string& key) { reply({"DEL", prefix_ + key}); }

bool RedisSessionStore::admit(const std::string& group, const std::string& member,
                              std::size_t limit, Clock::time_point expires) {
  return run(scripts_->admit, group,
             {member, epochMilliseconds(expires), epochMilliseconds(Clock::now()),
              std::to_string(limit)}) == 1;
}

void RedisSessionStore::leave(const std::string& group, const std::string& member) {
  reply({"ZREM", prefix_ + group, member});
}

// On a connection of its own: a SCAN page is not worth holding up the batch.
std::vector<std::string> RedisSessionStore::keys(const std::string& prefix, std::size_t limit) {
  std::vector<std::string> out;
  const auto pattern = globEscaped(prefix_ + prefix) + "*";
  std::string cursor = "0";
  do {  // SCAN: a slice of the key space per call, never the whole at once
    const RespCommand command{"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"};
    const auto page =
        checked(connections_->with([&](RedisClient& client) { return client.execute(command); }));
    // [cursor, [key...]]
    expect(page, RespReply::Type::Array);
    if (page.elements.size() != 2) throw ErrorReply("Redis: unexpected SCAN reply");
    expect(page.elements[0], RespReply::Type::Bulk);
    expect(page.elements[1], RespReply::Type::Array);
    cursor = page.elements[0].text;
    for (const auto& key : page.elements[1].elements) {
      if (out.size() == limit) break;
      expect(key, RespReply::Type::Bulk);
      out.push_back(key.text.substr(prefix_.size()));
    }
  } while (cursor != "0" && out.size() < limit);
  return out;
}

std::string RedisSessionStore::degradation() { return connections_->problem(); }

}  // namespace interlude::core
