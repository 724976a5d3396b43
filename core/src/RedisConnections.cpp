#include "RedisConnections.h"

#include <algorithm>

#include "interlude/core/StoreUnavailable.h"

namespace interlude::core {
namespace {

constexpr auto kFirstBackoff = std::chrono::milliseconds(100);
constexpr auto kMaxBackoff = std::chrono::seconds(5);

}  // namespace

RedisConnections::RedisConnections(const SessionsConfig& config, Prepare prepare, Poco::Logger& log)
    : config_(config), prepare_(std::move(prepare)), log_(log) {}

RedisConnections::~RedisConnections() = default;

std::unique_ptr<RedisConnections::Client> RedisConnections::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (down_) {
      // One caller at a time tries again, when the backoff has passed.
      if (Clock::now() < retryAt_) throw StoreUnavailable("session store unavailable: " + problem_);
      retryAt_ = Clock::now() + backoff_;
      backoff_ = std::min<Clock::duration>(backoff_ * 2, kMaxBackoff);
    } else if (!idle_.empty()) {
      auto client = std::move(idle_.back());
      idle_.pop_back();
      return client;
    }
  }
  try {
    return connect();
  } catch (const Poco::Exception& e) {
    failed(e.displayText());
  }
}

std::unique_ptr<RedisConnections::Client> RedisConnections::connect() {
  auto client = std::make_unique<Client>(
      config_.address,
      Poco::Timespan(Poco::Timespan::TimeDiff(config_.connectTimeoutMilliseconds) * 1000),
      Poco::Timespan(Poco::Timespan::TimeDiff(config_.timeoutMilliseconds) * 1000));
  if (!config_.password.empty()) client->executeOrFail({"AUTH", config_.password});
  prepare_(*client);
  return client;
}

void RedisConnections::giveBack(std::unique_ptr<Client> client) {
  std::lock_guard lock(mutex_);
  if (down_) {
    // The first success after an outage.
    down_ = false;
    problem_.clear();
    log_.notice("session store: Redis at " + config_.address + " is reachable again");
  }
  idle_.push_back(std::move(client));
}

void RedisConnections::failed(const std::string& why) {
  std::string problem;
  {
    std::lock_guard lock(mutex_);
    idle_.clear();  // they lead to the same server: none is worth trying
    if (!down_) {
      down_ = true;
      problem_ = "Redis at " + config_.address + " unreachable: " + why;
      backoff_ = kFirstBackoff;
      retryAt_ = Clock::now() + backoff_;
      // One line for the outage, not one per request.
      log_.error("session store: " + problem_ + "; trying again with backoff");
    }
    problem = problem_;
  }
  throw StoreUnavailable("session store unavailable: " + problem);
}

std::string RedisConnections::problem() {
  {
    std::lock_guard lock(mutex_);
    if (down_ && Clock::now() < retryAt_) return problem_;
  }
  try {  // a PING: the answer is today's, not that of the last request
    with([](Client& client) { client.executeOrFail({"PING"}); });
  } catch (const std::exception&) {  // still down: problem_ says why
  }
  std::lock_guard lock(mutex_);
  return problem_;
}

}  // namespace interlude::core
