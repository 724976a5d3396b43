#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "LuaState.h"
#include "interlude/scripting/ThreadSlots.h"

namespace interlude::scripting {

// The idle states of one script version. A thread takes a state, uses it
// alone, and gives it back. A thread keeps the state it gave back in a slot of
// its own and takes it again next time: the state stays in that thread's (and
// core's) caches, and taking it shares no lock or cache line with the other
// threads. The shared list serves states shared, a thread in a second call at
// once, and threads past ThreadSlots::kSlots.
class StatePool {
 public:
  // Null when no state is idle.
  std::unique_ptr<LuaState> take();
  void give(std::unique_ptr<LuaState> state);
  // To the shared list, for any thread (the state a version was compiled in).
  void share(std::unique_ptr<LuaState> state);

 private:
  ThreadSlots<std::unique_ptr<LuaState>> kept_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<LuaState>> idle_;
};

}  // namespace interlude::scripting
