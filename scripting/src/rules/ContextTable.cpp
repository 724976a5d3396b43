#include "ContextTable.h"

#include <array>
#include <string_view>

#include "LuaGuard.h"

namespace interlude::scripting::rules {
namespace {

// Addresses as registry keys: constants, never written.
const char kContextKey = 0;        // the ctx of the running call
const char kRequestKey = 0;        // its request table, once built
const char kContextMetatable = 0;  // of every ctx of the state
const char kRequestMetatable = 0;  // of every ctx.request of the state

constexpr std::array<const char*, 5> kContextFields = {"request", "query", "time", "viewer",
                                                       "session"};
constexpr std::array<const char*, 6> kRequestFields = {"path",    "query",     "headers",
                                                       "cookies", "client_ip", "user_agent"};

void pushText(lua_State* L, const std::string& value) {
  lua_pushlstring(L, value.data(), value.size());
}

// A table of name = value; when a name comes more than once (a list of
// pairs), the first wins: set last, going backwards.
template <class Map>
void pushMap(lua_State* L, const Map& map) {
  lua_createtable(L, 0, static_cast<int>(map.size()));
  for (auto it = map.rbegin(); it != map.rend(); ++it) {
    pushText(L, it->first);
    pushText(L, it->second);
    lua_rawset(L, -3);
  }
}

// The RuleCall of the ctx (or of its request table) at index 1, which must be
// the running call's: a ctx kept from an earlier call has only what it read then.
RuleCall& ownerOf(lua_State* L, bool request) {
  auto& call = RuleCall::current(L);
  lua_rawgetp(L, LUA_REGISTRYINDEX, request ? &kRequestKey : &kContextKey);
  if (!lua_rawequal(L, 1, -1)) luaL_error(L, "this ctx belongs to an earlier call of the hook");
  lua_pop(L, 1);
  return call;
}

// A map of the call (parsed on first use, which may throw) as a new table.
template <class Read>
void pushParsed(lua_State* L, RuleCall& call, Read read) {
  const RuleCall::Pairs* map = nullptr;
  guarded(L, [&] { map = &read(call); });
  pushMap(L, *map);
}

void pushRequestField(lua_State* L, RuleCall& call, std::string_view name) {
  const auto& request = call.request;
  if (name == "path") {
    pushText(L, request.path);
  } else if (name == "query") {  // the same table as ctx.query
    lua_rawgetp(L, LUA_REGISTRYINDEX, &kContextKey);
    lua_getfield(L, -1, "query");
    lua_replace(L, -2);
  } else if (name == "headers") {
    pushMap(L, request.headers);
  } else if (name == "cookies") {
    pushParsed(L, call, [](RuleCall& c) -> const RuleCall::Pairs& { return c.cookies(); });
  } else if (name == "client_ip") {
    pushText(L, request.clientIp);
  } else if (name == "user_agent") {
    const auto agent = request.headers.find("user-agent");
    if (agent != request.headers.end()) {
      pushText(L, agent->second);
    } else {
      lua_pushliteral(L, "");
    }
  } else {
    lua_pushnil(L);
  }
}

void pushRequest(lua_State* L) {
  lua_createtable(L, 0, 6);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kRequestMetatable);
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kRequestKey);
}

void pushContextField(lua_State* L, RuleCall& call, std::string_view name) {
  if (name == "request") {
    pushRequest(L);
  } else if (name == "query") {
    pushParsed(L, call, [](RuleCall& c) -> const RuleCall::Pairs& { return c.query(); });
  } else if (name == "time") {
    lua_pushinteger(L, static_cast<lua_Integer>(call.time));
  } else if (name == "viewer") {
    const std::string* viewer = nullptr;
    guarded(L, [&] { viewer = &call.viewer(); });
    pushText(L, *viewer);
  } else if (name == "session") {
    pushText(L, call.session);
  } else {
    lua_pushnil(L);
  }
}

// __index(t, name): builds the field, keeps it in t (so it is built once and
// the same table comes back), returns it.
template <bool Request>
int lazyIndex(lua_State* L) {
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  auto& call = ownerOf(L, Request);
  std::size_t size = 0;
  const char* name = lua_tolstring(L, 2, &size);
  if (Request) {
    pushRequestField(L, call, {name, size});
  } else {
    pushContextField(L, call, {name, size});
  }
  if (lua_isnil(L, -1)) return 1;
  lua_pushvalue(L, 2);
  lua_pushvalue(L, -2);
  lua_rawset(L, 1);
  return 1;
}

// __pairs(t): every field built, then a plain traversal.
template <bool Request>
int lazyPairs(lua_State* L) {
  const auto build = [&](const auto& names) {
    for (const char* name : names) {
      lua_getfield(L, 1, name);
      lua_pop(L, 1);
    }
  };
  if (Request) {
    build(kRequestFields);
  } else {
    build(kContextFields);
  }
  lua_getglobal(L, "next");
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

void newMetatable(lua_State* L, const void* key, lua_CFunction index, lua_CFunction pairs) {
  lua_createtable(L, 0, 3);
  lua_pushcfunction(L, index);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, pairs);
  lua_setfield(L, -2, "__pairs");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

}  // namespace

void pushContext(lua_State* L) {
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kContextMetatable) == LUA_TNIL) {
    newMetatable(L, &kContextMetatable, &lazyIndex<false>, &lazyPairs<false>);
    newMetatable(L, &kRequestMetatable, &lazyIndex<true>, &lazyPairs<true>);
  }
  lua_pop(L, 1);
  lua_createtable(L, 0, 5);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kContextMetatable);
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kContextKey);
  lua_pushnil(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kRequestKey);
}

}  // namespace interlude::scripting::rules
