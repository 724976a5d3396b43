#include "StatePool.h"

#include <utility>

namespace interlude::scripting {

std::unique_ptr<LuaState> StatePool::take() {
  if (auto* kept = kept_.mine(); kept && *kept) return std::move(*kept);
  const std::lock_guard lock(mutex_);
  if (idle_.empty()) return nullptr;
  auto state = std::move(idle_.back());
  idle_.pop_back();
  return state;
}

void StatePool::give(std::unique_ptr<LuaState> state) {
  if (auto* kept = kept_.mine(); kept && !*kept) {
    *kept = std::move(state);
    return;
  }
  share(std::move(state));
}

void StatePool::share(std::unique_ptr<LuaState> state) {
  const std::lock_guard lock(mutex_);
  idle_.push_back(std::move(state));
}

}  // namespace interlude::scripting
