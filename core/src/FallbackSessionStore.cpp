#include "interlude/core/FallbackSessionStore.h"

#include "interlude/core/StoreUnavailable.h"

namespace interlude::core {
namespace {

// `shared(store)` if it answers, else `local(memory)`.
template <class Shared, class Local>
auto either(Shared&& shared, Local&& local) {
  try {
    return shared();
  } catch (const StoreUnavailable&) {
    return local();
  }
}

}  // namespace

FallbackSessionStore::FallbackSessionStore(std::unique_ptr<SessionStore> shared)
    : shared_(std::move(shared)) {}

bool FallbackSessionStore::create(const std::string& key, const std::string& value,
                                  std::chrono::seconds ttl) {
  return either([&] { return shared_->create(key, value, ttl); },
                [&] { return memory_.create(key, value, ttl); });
}

std::optional<std::string> FallbackSessionStore::get(const std::string& key) {
  auto value =
      either([&] { return shared_->get(key); }, [] { return std::optional<std::string>(); });
  return value ? value : memory_.get(key);
}

bool FallbackSessionStore::touch(const std::string& key, std::chrono::seconds ttl) {
  return either([&] { return shared_->touch(key, ttl); }, [] { return false; }) ||
         memory_.touch(key, ttl);
}

bool FallbackSessionStore::compareAndSet(const std::string& key, const std::string& expected,
                                         const std::string& desired) {
  return either([&] { return shared_->compareAndSet(key, expected, desired); },
                [] { return false; }) ||
         memory_.compareAndSet(key, expected, desired);
}

std::int64_t FallbackSessionStore::increment(const std::string& key, std::int64_t by,
                                             std::chrono::seconds ttl) {
  return either([&] { return shared_->increment(key, by, ttl); },
                [&] { return memory_.increment(key, by, ttl); });
}

void FallbackSessionStore::remove(const std::string& key) {
  either([&] { shared_->remove(key); }, [] {});
  memory_.remove(key);
}

bool FallbackSessionStore::admit(const std::string& group, const std::string& member,
                                 std::size_t limit, Clock::time_point expires) {
  return either([&] { return shared_->admit(group, member, limit, expires); },
                [&] { return memory_.admit(group, member, limit, expires); });
}

void FallbackSessionStore::leave(const std::string& group, const std::string& member) {
  either([&] { shared_->leave(group, member); }, [] {});
  memory_.leave(group, member);
}

std::vector<std::string> FallbackSessionStore::keys(const std::string& prefix, std::size_t limit) {
  auto out = either([&] { return shared_->keys(prefix, limit); },
                    [] { return std::vector<std::string>(); });
  if (out.size() < limit) {
    for (auto& key : memory_.keys(prefix, limit - out.size())) out.push_back(std::move(key));
  }
  return out;
}

std::string FallbackSessionStore::degradation() {
  const auto problem = shared_->degradation();
  return problem.empty() ? problem : problem + "; new sessions are kept in this node's memory";
}

}  // namespace interlude::core
