#pragma once

#include <lua.hpp>
#include <vector>

#include "interlude/scripting/LuaCallbacks.h"

namespace interlude::scripting {

// What a rule script sees (see RuleScript.h for the list). The libraries are
// opened into the state's own global table, which no script can reach; the
// script sees a separate base table of allow-listed functions and read-only
// views of the library tables. Each function runs inside a protected call.
// No coroutine library: the count hook of the budget is per Lua thread.
class Sandbox {
 public:
  // Pushes the base table, with what `installers` added.
  static void pushBase(lua_State* L, const std::vector<Installer>& installers);
  // Pushes a metatable whose reads fall back to the table at `index` and which
  // getmetatable and setmetatable cannot reach.
  static void pushFallback(lua_State* L, int index);

 private:
  static void openLibraries(lua_State* L);
  static void addBaseFunctions(lua_State* L, int base);
  static void addLibraries(lua_State* L, int base);
  static void freezeTables(lua_State* L, int table, int views);
  static void pushReadOnlyView(lua_State* L, int table);

  static int deadlineChecked(lua_State* L);
  static int protectedCall(lua_State* L);
  static int protectedCallWithHandler(lua_State* L);
  static int guardedHandler(lua_State* L);
  static int setMetatable(lua_State* L);
  static int refuseWrite(lua_State* L);
  static int viewPairs(lua_State* L);
  static int viewLength(lua_State* L);
};

}  // namespace interlude::scripting
