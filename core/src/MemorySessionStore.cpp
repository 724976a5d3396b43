#include "interlude/core/MemorySessionStore.h"

#include <charconv>

namespace interlude::core {
namespace {
constexpr auto kSweepInterval = std::chrono::seconds(10);
}

MemorySessionStore::MemorySessionStore(std::function<Clock::time_point()> now)
    : now_(std::move(now)) {}

MemorySessionStore::Value* MemorySessionStore::live(const std::string& key, Clock::time_point now) {
  const auto it = values_.find(key);
  if (it == values_.end()) return nullptr;
  if (it->second.expires <= now) {
    values_.erase(it);
    return nullptr;
  }
  return &it->second;
}

void MemorySessionStore::sweepIfDue(Clock::time_point now) {
  if (now < nextSweep_) return;
  nextSweep_ = now + kSweepInterval;
  std::erase_if(values_, [now](const auto& e) { return e.second.expires <= now; });
  for (auto it = groups_.begin(); it != groups_.end();) {
    std::erase_if(it->second, [now](const auto& m) { return m.second <= now; });
    it = it->second.empty() ? groups_.erase(it) : std::next(it);
  }
}

bool MemorySessionStore::create(const std::string& key, const std::string& value,
                                std::chrono::seconds ttl) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  sweepIfDue(now);
  if (live(key, now)) return false;
  values_[key] = {value, now + ttl};
  return true;
}

std::optional<std::string> MemorySessionStore::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto* v = live(key, now_());
  return v ? std::optional<std::string>(v->data) : std::nullopt;
}

bool MemorySessionStore::touch(const std::string& key, std::chrono::seconds ttl) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  auto* v = live(key, now);
  if (!v) return false;
  v->expires = now + ttl;
  return true;
}

bool MemorySessionStore::compareAndSet(const std::string& key, const std::string& expected,
                                       const std::string& desired) {
  std::lock_guard lock(mutex_);
  auto* v = live(key, now_());
  if (!v || v->data != expected) return false;
  v->data = desired;
  return true;
}

std::int64_t MemorySessionStore::increment(const std::string& key, std::int64_t by,
                                           std::chrono::seconds ttl) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  auto* v = live(key, now);
  if (!v) v = &(values_[key] = {"0", now + ttl});
  std::int64_t current = 0;
  std::from_chars(v->data.data(), v->data.data() + v->data.size(), current);
  current += by;
  v->data = std::to_string(current);
  return current;
}

void MemorySessionStore::remove(const std::string& key) {
  std::lock_guard lock(mutex_);
  values_.erase(key);
}

bool MemorySessionStore::admit(const std::string& group, const std::string& member,
                               std::size_t limit, Clock::time_point expires) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  sweepIfDue(now);
  auto& members = groups_[group];
  const bool known = members.contains(member);
  if (!known && limit != 0 && members.size() >= limit) {
    // Full: only now is it worth dropping the members whose time has passed.
    std::erase_if(members, [now](const auto& m) { return m.second <= now; });
    if (members.size() >= limit) return false;
  }
  members[member] = expires;
  return true;
}

void MemorySessionStore::leave(const std::string& group, const std::string& member) {
  std::lock_guard lock(mutex_);
  const auto it = groups_.find(group);
  if (it == groups_.end()) return;
  it->second.erase(member);
  if (it->second.empty()) groups_.erase(it);
}

std::size_t MemorySessionStore::size() {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  std::erase_if(values_, [now](const auto& e) { return e.second.expires <= now; });
  return values_.size();
}

}  // namespace interlude::core
