#include "Sandbox.h"

#include "AbortGuard.h"

namespace interlude::scripting {

void Sandbox::pushBase(lua_State* L, const std::vector<Installer>& installers) {
  openLibraries(L);
  lua_createtable(L, 0, 24);
  const int base = lua_gettop(L);
  addBaseFunctions(L, base);
  addLibraries(L, base);
  for (const auto& install : installers) {
    AbortGuard::run(L, [&] { install(L); });
    lua_settop(L, base);
  }
  lua_createtable(L, 0, 8);
  freezeTables(L, base, base + 1);
  lua_settop(L, base);
}

void Sandbox::pushFallback(lua_State* L, int index) {
  index = lua_absindex(L, index);
  lua_createtable(L, 0, 2);
  lua_pushvalue(L, index);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
}

void Sandbox::openLibraries(lua_State* L) {
  static const luaL_Reg libraries[] = {
      {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string},
      {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
      {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_OSLIBNAME, luaopen_os},
  };
  for (const auto& library : libraries) {
    luaL_requiref(L, library.name, library.func, 1);
    lua_pop(L, 1);
  }
  lua_getglobal(L, LUA_STRLIBNAME);
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  // Argument errors name a function by where package.loaded has it: the
  // originals stay there ("bad argument #1 to 'string.find'").
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_createtable(L, 0, 24);
  lua_pushnil(L);
  while (lua_next(L, -4)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
  lua_setfield(L, -2, LUA_STRLIBNAME);
  lua_pop(L, 1);
  // One call of these may run long without a VM instruction, so without a count hook.
  for (const char* name : {"find", "match", "gmatch", "gsub", "rep"}) {
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, &Sandbox::deadlineChecked, 1);
    lua_setfield(L, -2, name);
  }
  lua_pop(L, 1);
  // getmetatable("") would hand out the string metatable, and through its
  // __index the real string table.
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
}

void Sandbox::addBaseFunctions(lua_State* L, int base) {
  static const char* const kept[] = {"assert", "error",    "ipairs",   "next",        "pairs",
                                     "select", "tonumber", "tostring", "type",        "rawequal",
                                     "rawget", "rawlen",   "_VERSION", "getmetatable"};
  lua_pushglobaltable(L);
  for (const char* name : kept) {
    lua_getfield(L, -1, name);
    lua_setfield(L, base, name);
  }
  lua_pop(L, 1);
  static const luaL_Reg replaced[] = {{"pcall", protectedCall},
                                      {"xpcall", protectedCallWithHandler},
                                      {"setmetatable", setMetatable},
                                      {nullptr, nullptr}};
  lua_pushvalue(L, base);
  luaL_setfuncs(L, replaced, 0);
  lua_pop(L, 1);
}

void Sandbox::addLibraries(lua_State* L, int base) {
  for (const char* name : {LUA_STRLIBNAME, LUA_TABLIBNAME, LUA_MATHLIBNAME, LUA_UTF8LIBNAME}) {
    lua_getglobal(L, name);
    lua_setfield(L, base, name);
  }
  lua_createtable(L, 0, 3);
  lua_getglobal(L, LUA_OSLIBNAME);
  for (const char* name : {"time", "date", "clock"}) {
    lua_getfield(L, -1, name);
    lua_setfield(L, -3, name);
  }
  lua_pop(L, 1);
  lua_setfield(L, base, LUA_OSLIBNAME);
}

// Replaces each table reachable from `table` by its read-only view; `views`
// maps a table to its view, so a table seen twice (or a cycle) gets one view.
void Sandbox::freezeTables(lua_State* L, int table, int views) {
  luaL_checkstack(L, 8, "tables nested too deep");
  lua_pushnil(L);
  while (lua_next(L, table)) {
    if (lua_type(L, -1) == LUA_TTABLE) {
      const int value = lua_gettop(L);
      lua_pushvalue(L, value);
      if (lua_rawget(L, views) == LUA_TNIL) {
        lua_pop(L, 1);
        pushReadOnlyView(L, value);
        lua_pushvalue(L, value);
        lua_pushvalue(L, -2);
        lua_rawset(L, views);
        freezeTables(L, value, views);
      }
      lua_pushvalue(L, value - 1);
      lua_insert(L, -2);
      lua_rawset(L, table);
    }
    lua_pop(L, 1);
  }
}

void Sandbox::pushReadOnlyView(lua_State* L, int table) {
  lua_createtable(L, 0, 0);
  lua_createtable(L, 0, 5);
  lua_pushvalue(L, table);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, refuseWrite);
  lua_setfield(L, -2, "__newindex");
  lua_getglobal(L, "next");
  lua_pushcclosure(L, viewPairs, 1);
  lua_setfield(L, -2, "__pairs");
  lua_pushcfunction(L, viewLength);
  lua_setfield(L, -2, "__len");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
}

int Sandbox::deadlineChecked(lua_State* L) {
  AbortGuard::checkDeadline(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

int Sandbox::protectedCall(lua_State* L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  const int status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
  AbortGuard::propagate(L, status);
  if (status != LUA_OK) {
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L);
}

int Sandbox::protectedCallWithHandler(lua_State* L) {
  const int arguments = lua_gettop(L) - 2;
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, guardedHandler, 1);
  lua_replace(L, 2);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  const int status = lua_pcall(L, arguments, LUA_MULTRET, 2);
  AbortGuard::propagate(L, status);
  if (status != LUA_OK) {
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - 2;
}

// The script's handler runs before the unwinding, and for an error raised by
// the count hook it would run with hooks off: it is skipped for an abort.
int Sandbox::guardedHandler(lua_State* L) {
  if (AbortGuard::of(L).abort() != AbortGuard::Abort::None) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

// Lua runs __gc finalizers with hooks off, out of reach of the budget. Lua only
// honours a __gc present when the metatable is set, so checking here suffices.
int Sandbox::setMetatable(lua_State* L) {
  const int type = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
  if (type == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "__gc metamethods are not allowed");
    lua_pop(L, 1);
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) {
    return luaL_error(L, "cannot change a protected metatable");
  }
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

int Sandbox::refuseWrite(lua_State* L) {
  if (lua_type(L, 2) == LUA_TSTRING) {
    return luaL_error(L, "cannot modify read-only field '%s'", lua_tostring(L, 2));
  }
  return luaL_error(L, "cannot modify a read-only table");
}

int Sandbox::viewPairs(lua_State* L) {
  lua_getmetatable(L, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_getfield(L, -2, "__index");
  lua_pushnil(L);
  return 3;
}

int Sandbox::viewLength(lua_State* L) {
  lua_getmetatable(L, 1);
  lua_getfield(L, -1, "__index");
  lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, -1)));
  return 1;
}

}  // namespace interlude::scripting
