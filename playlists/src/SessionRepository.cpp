#include "interlude/playlists/SessionRepository.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include <algorithm>
#include <stdexcept>

namespace interlude::playlists {
namespace {

constexpr int kMaxUpdateAttempts = 16;

std::string sessionKey(const std::string& id) { return "session:" + id; }
std::string viewersKey(const std::string& playlist) { return "viewers:" + playlist; }

}  // namespace

// Content address of a plan: equal plans share one stored copy.
std::string planKey(const std::string& planJson) {
  Poco::SHA1Engine sha1;
  sha1.update(planJson);
  return "plan:" + Poco::DigestEngine::digestToHex(sha1.digest());
}

StoredPlan::StoredPlan(std::string planJson) : json(std::move(planJson)), key(planKey(json)) {}

StoredPlan::StoredPlan(StoredPlan&& other) noexcept
    : json(std::move(other.json)),
      key(std::move(other.key)),
      storedUntil(other.storedUntil.load()) {}

bool SessionRepository::start(const Session& plan, const SessionStart& session,
                              const StoredPlan& stored,
                              std::chrono::system_clock::time_point now) const {
  const auto idle = std::chrono::seconds(plan.inactivitySeconds);
  // Only a bounded playlist keeps its viewers: without a bound the list would
  // hold every live session under one key, and serve nothing.
  if (plan.maxClients > 0 && !store_.admit(viewersKey(plan.playlist), session.id,
                                           static_cast<std::size_t>(plan.maxClients), now + idle)) {
    return false;
  }
  // A plan must outlive every session on it. It is extended at most once a
  // second, two seconds past a session's time to live, which covers the
  // sessions of that second: one store operation a second instead of one per
  // session. It is usually stored already.
  const auto nowSeconds = std::chrono::system_clock::to_time_t(now);
  if (stored.storedUntil.load(std::memory_order_relaxed) < nowSeconds + plan.timeToLiveSeconds) {
    const auto& key = stored.key;
    const auto lifetime = std::chrono::seconds(plan.timeToLiveSeconds + 2);
    if (!store_.touch(key, lifetime) && !store_.create(key, stored.json, lifetime)) {
      store_.touch(key, lifetime);  // another session stored it in between
    }
    stored.storedUntil.store(nowSeconds + plan.timeToLiveSeconds + 1, std::memory_order_relaxed);
  }
  const auto progress =
      progressText(session.expires, -1, std::vector<std::uint64_t>(plan.entries.size()));
  if (!store_.create(sessionKey(session.id), stored.key + " " + progress, idle)) {
    throw std::logic_error("session id " + session.id + " is taken");
  }
  return true;
}

std::optional<Session> SessionRepository::resume(const std::string& id,
                                                 std::chrono::system_clock::time_point now) const {
  const auto value = store_.get(sessionKey(id));
  if (!value) return std::nullopt;
  const auto space = value->find(' ');
  const auto plan = store_.get(value->substr(0, space));
  if (!plan || space == std::string::npos) return std::nullopt;
  auto session = std::optional<Session>(Session::fromParts(id, *plan, value->substr(space + 1)));
  const auto idle = std::chrono::seconds(session->inactivitySeconds);
  store_.touch(sessionKey(id), idle);
  if (session->maxClients > 0) store_.admit(viewersKey(session->playlist), id, 0, now + idle);
  return session;
}

// Several requests of a session may finish at once: compare-and-set until one
// update lands on the latest state.
void SessionRepository::update(const Session& base,
                               const std::function<void(Session&)>& change) const {
  const auto key = sessionKey(base.id);
  for (int attempt = 0; attempt < kMaxUpdateAttempts; ++attempt) {
    const auto stored = store_.get(key);
    const auto space = stored ? stored->find(' ') : std::string::npos;
    if (space == std::string::npos) return;  // the session has ended
    Session session = base.withProgress(stored->substr(space + 1));
    change(session);
    if (store_.compareAndSet(key, *stored, stored->substr(0, space + 1) + session.progressText())) {
      return;
    }
  }
  throw std::runtime_error("session " + base.id + ": progress not recorded after " +
                           std::to_string(kMaxUpdateAttempts) + " attempts");
}

}  // namespace interlude::playlists
