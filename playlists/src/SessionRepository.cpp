#include "interlude/playlists/SessionRepository.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace interlude::playlists {
namespace {

constexpr int kMaxUpdateAttempts = 16;

constexpr std::string_view kSessionPrefix = "session:";

std::string sessionKey(const std::string& id) { return std::string(kSessionPrefix) + id; }
std::string viewersKey(const std::string& playlist) { return "viewers:" + playlist; }

// A session's value: "<plan key> <viewer> <progress>".
struct StoredSession {
  std::string plan;
  std::string viewer;
  std::string progress;
  std::string head() const { return plan + " " + viewer + " "; }  // what updates keep
};

std::optional<StoredSession> parseStored(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  const auto first = value->find(' ');
  const auto second = first == std::string::npos ? first : value->find(' ', first + 1);
  if (second == std::string::npos) return std::nullopt;
  return StoredSession{value->substr(0, first), value->substr(first + 1, second - first - 1),
                       value->substr(second + 1)};
}

// One word, as the stored value separates fields by spaces.
std::string viewerWord(const std::string& viewer) {
  if (viewer.empty()) return "-";
  std::string word = viewer;
  std::replace_if(
      word.begin(), word.end(), [](unsigned char c) { return c <= ' '; }, '_');
  return word;
}

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
  const StoredSession value{stored.key, viewerWord(session.viewer), progress};
  if (!store_.create(sessionKey(session.id), value.head() + value.progress, idle)) {
    throw std::logic_error("session id " + session.id + " is taken");
  }
  return true;
}

std::optional<Session> SessionRepository::peek(const std::string& id) const {
  const auto stored = parseStored(store_.get(sessionKey(id)));
  if (!stored) return std::nullopt;
  const auto plan = store_.get(stored->plan);
  if (!plan) return std::nullopt;
  auto session = Session::fromParts(id, *plan, stored->progress);
  session.viewer = stored->viewer;
  return session;
}

std::vector<Session> SessionRepository::peekAll(const std::vector<std::string>& ids) const {
  // By plan key, the first session read on it (its plan parsed); empty: the plan is gone.
  std::unordered_map<std::string, std::optional<Session>> plans;
  std::vector<Session> sessions;
  for (const auto& id : ids) {
    const auto stored = parseStored(store_.get(sessionKey(id)));
    if (!stored) continue;
    auto [plan, added] = plans.try_emplace(stored->plan);
    if (added) {
      if (const auto json = store_.get(stored->plan)) {
        plan->second = Session::fromParts(id, *json, stored->progress);
      }
    }
    if (!plan->second) continue;
    auto session = plan->second->withProgress(stored->progress);
    session.id = id;
    session.viewer = stored->viewer;
    sessions.push_back(std::move(session));
  }
  return sessions;
}

std::vector<std::string> SessionRepository::liveIds(std::size_t limit) const {
  auto ids = store_.keys(std::string(kSessionPrefix), limit);
  for (auto& id : ids) id.erase(0, kSessionPrefix.size());
  return ids;
}

bool SessionRepository::end(const std::string& id) const {
  const auto session = peek(id);
  if (!session) return false;
  store_.remove(sessionKey(id));
  if (session->maxClients > 0) store_.leave(viewersKey(session->playlist), id);
  return true;
}

std::optional<Session> SessionRepository::resume(const std::string& id,
                                                 std::chrono::system_clock::time_point now) const {
  auto session = peek(id);
  if (!session) return std::nullopt;
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
    const auto value = store_.get(key);
    const auto stored = parseStored(value);
    if (!stored) return;  // the session has ended
    Session session = base.withProgress(stored->progress);
    change(session);
    if (store_.compareAndSet(key, *value, stored->head() + session.progressText())) {
      return;
    }
  }
  throw std::runtime_error("session " + base.id + ": progress not recorded after " +
                           std::to_string(kMaxUpdateAttempts) + " attempts");
}

}  // namespace interlude::playlists
