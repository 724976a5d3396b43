#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "LuaState.h"

namespace interlude::scripting {

// The idle states of one script version. A thread takes a state, uses it
// alone, and gives it back; the most recently used comes out first.
class StatePool {
 public:
  // Null when no state is idle.
  std::unique_ptr<LuaState> take();
  void give(std::unique_ptr<LuaState> state);

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<LuaState>> idle_;
};

}  // namespace interlude::scripting
