#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "interlude/core/SessionStore.h"
#include "interlude/playlists/Session.h"

namespace interlude::playlists {

// A plan as stored: session.planJson() and its content address (planKey),
// worked out once for all the sessions that share it.
struct StoredPlan {
  explicit StoredPlan(std::string planJson);
  StoredPlan(StoredPlan&& other) noexcept;
  std::string json;
  std::string key;
  // Until when (epoch seconds) this process has made the store keep the plan.
  mutable std::atomic<std::int64_t> storedUntil{0};
};

// Keeps sessions in the session store, compactly: the plan (entries, rules) is
// stored once per distinct plan under `plan:<hash>` and shared by every session
// that has it; a session's own key holds the plan hash, its expiry and its
// progress, and its id is a member of the playlist's viewers. The viewer who
// started it is kept with it, for the admin API.
class SessionRepository {
 public:
  explicit SessionRepository(core::SessionStore& store) : store_(store) {}

  // Whether other nodes serve these sessions too (SessionStore::sharedByNodes).
  bool sharedByNodes() const { return store_.sharedByNodes(); }

  // Stores a new session on `plan` (`stored`: the plan as stored); false when the
  // playlist already has maxClients viewers.
  bool start(const Session& plan, const SessionStart& session, const StoredPlan& stored,
             std::chrono::system_clock::time_point now) const;
  // The session if it is alive, which also keeps it alive (inactivity timeout).
  std::optional<Session> resume(const std::string& id,
                                std::chrono::system_clock::time_point now) const;
  // Applies `change` to the progress of `session` (as resumed) atomically
  // (compare-and-set); only the progress is read again, the plan is reused.
  void update(const Session& session, const std::function<void(Session&)>& change) const;

  // For the admin API: the session if it is alive, without keeping it alive...
  std::optional<Session> peek(const std::string& id) const;
  // ...the ids of live sessions (at most `limit`, in no order), and those of
  // them still alive, each plan parsed once however many sessions share it...
  std::vector<std::string> liveIds(std::size_t limit) const;
  std::vector<Session> peekAll(const std::vector<std::string>& ids) const;
  // ...and ending one: its links stop working and its viewer's place frees at
  // once. False when it had ended already.
  bool end(const std::string& id) const;

  core::SessionStore& store_;
};

// The store key of a plan: its content address.
std::string planKey(const std::string& planJson);

}  // namespace interlude::playlists
