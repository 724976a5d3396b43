#pragma once

#include <cstdio>
#include <exception>
#include <lua.hpp>

namespace interlude::scripting::rules {

// Runs C++ `work` for a C function of the rules API. An exception it throws
// becomes a Lua error carrying its message, raised after the try block, so no
// C++ object is alive when Lua unwinds. `work` must not call the Lua API, and
// what it builds that outlives it belongs to the RuleCall (outside Lua frames).
template <class Work>
void guarded(lua_State* L, Work&& work) {
  char message[256];
  try {
    work();
    return;
  } catch (const std::exception& e) {
    std::snprintf(message, sizeof message, "%s", e.what());
  } catch (...) {
    std::snprintf(message, sizeof message, "an unexpected C++ exception");
  }
  luaL_error(L, "%s", message);
}

}  // namespace interlude::scripting::rules
