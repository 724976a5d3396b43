#include "RulesApi.h"

#include <array>
#include <charconv>
#include <utility>

#include "AbortGuard.h"
#include "EntryTables.h"
#include "LuaGuard.h"
#include "PlaylistObject.h"

namespace interlude::scripting::rules {
namespace {

constexpr std::string_view kCounterPrefix = "rules:";
// The argument fields ads.pick reads, kept as upvalues after the services: a
// key pushed from an upvalue skips the lookup of a C string in Lua's string cache.
constexpr std::array<const char*, 3> kPickFields = {"slot", "max", "categories"};
constexpr int kSlotField = 2;
constexpr int kMaxField = 3;
constexpr int kCategoriesField = 4;
constexpr int kPickedMetatable = 5;  // the upvalue after the fields

// Pushes field `upvalue` (one of kPickFields) of the table at 1; returns its type.
int pickField(lua_State* L, int upvalue) {
  lua_pushvalue(L, lua_upvalueindex(upvalue));
  return lua_gettable(L, 1);
}

// Adds functions sharing the services upvalue as a table field of the table on top.
void addFunctions(lua_State* L, RuleServices* services, const luaL_Reg* functions) {
  lua_pushlightuserdata(L, services);
  luaL_setfuncs(L, functions, 1);
}

// call.text = "rules:" + the key at `arg`.
void counterKey(lua_State* L, int arg, RuleCall& call) {
  std::size_t size = 0;
  const char* key = luaL_checklstring(L, arg, &size);
  if (size == 0) luaL_argerror(L, arg, "an empty key");
  guarded(L, [&] {
    call.text.assign(kCounterPrefix);
    call.text.append(key, size);
  });
}

}  // namespace

Installer RulesApi::installer(std::shared_ptr<RuleServices> shared) {
  return [shared](lua_State* L) {
    auto* services = shared.get();
    static const luaL_Reg counter[] = {
        {"incr", &RulesApi::incr}, {"get", &RulesApi::get}, {nullptr, nullptr}};
    const int globals = lua_gettop(L);
    pushPickedMetatable(L);
    const int picked = lua_gettop(L);
    lua_createtable(L, 0, 1);
    lua_pushlightuserdata(L, services);
    for (const char* field : kPickFields) lua_pushstring(L, field);
    lua_pushvalue(L, picked);
    lua_pushcclosure(L, &RulesApi::pick, kPickedMetatable);
    lua_setfield(L, -2, "pick");
    lua_setfield(L, globals, "ads");
    lua_createtable(L, 0, 2);
    addFunctions(L, services, counter);
    lua_setfield(L, globals, "counter");
    lua_pushlightuserdata(L, services);
    lua_pushcclosure(L, &RulesApi::log, 1);
    lua_setfield(L, globals, "log");
    PlaylistObject::install(L, services, picked);
    lua_settop(L, globals);
  };
}

RuleServices& RulesApi::services(lua_State* L) {
  return *static_cast<RuleServices*>(lua_touserdata(L, lua_upvalueindex(1)));
}

// ads.pick{slot = "preroll", max = 2, categories = {"news"}}
int RulesApi::pick(lua_State* L) {
  auto& call = RuleCall::current(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  if (pickField(L, kSlotField) != LUA_TSTRING) luaL_error(L, "ads.pick needs a slot (a string)");
  std::size_t size = 0;
  const char* slot = lua_tolstring(L, -1, &size);
  lua_Integer max = 1;
  if (pickField(L, kMaxField) != LUA_TNIL) {
    max = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
    if (max < 1 || max > kMaxPicks) {
      luaL_error(L, "ads.pick: max must be a whole number from 1 to %d", int{kMaxPicks});
    }
  }
  guarded(L, [&] {
    call.pick.slot.assign(slot, size);
    call.pick.max = static_cast<std::size_t>(max);
    call.pick.categories.clear();
    call.pick.breakCategories.clear();
  });
  const int type = pickField(L, kCategoriesField);
  if (type != LUA_TNIL && type != LUA_TTABLE) luaL_error(L, "ads.pick: categories must be a list");
  const auto count = type == LUA_TTABLE ? lua_rawlen(L, -1) : 0;
  for (lua_Unsigned i = 1; i <= count; ++i) {
    if (lua_rawgeti(L, -1, static_cast<lua_Integer>(i)) != LUA_TSTRING) {
      luaL_error(L, "ads.pick: categories must be strings");
    }
    const char* category = lua_tolstring(L, -1, &size);
    guarded(L, [&] { call.pick.categories.emplace_back(category, size); });
    lua_pop(L, 1);
  }
  auto& shared = services(L);
  if (call.picked.size() >= kMaxPickedPerCall) {
    luaL_error(L, "ads.pick: more than %d ads picked in one call", int{kMaxPickedPerCall});
  }
  const auto first = call.picked.size();
  guarded(L, [&] { shared.pick(call); });
  // Waiting on an external ad server is bounded by its own timeout, not the rule's.
  AbortGuard::of(L).extendDeadline(std::exchange(call.waited, {}));
  lua_createtable(L, static_cast<int>(call.picked.size() - first), 0);
  for (auto i = first; i < call.picked.size(); ++i) {
    pushPickedEntry(L, call, i, lua_upvalueindex(kPickedMetatable));
    lua_rawseti(L, -2, static_cast<lua_Integer>(i - first + 1));
  }
  return 1;
}

// counter.incr(key, by = 1, ttl = 86400) -> the new value
int RulesApi::incr(lua_State* L) {
  auto& call = RuleCall::current(L);
  const lua_Integer by = luaL_optinteger(L, 2, 1);
  const lua_Integer ttl = luaL_optinteger(L, 3, kDefaultCounterTtl);
  luaL_argcheck(L, ttl > 0, 3, "the time to live is 1 second or more");
  counterKey(L, 1, call);
  auto& shared = services(L);
  lua_Integer value = 0;
  guarded(L, [&] { value = shared.store().increment(call.text, by, std::chrono::seconds(ttl)); });
  lua_pushinteger(L, value);
  return 1;
}

// counter.get(key) -> the value, 0 when there is none
int RulesApi::get(lua_State* L) {
  auto& call = RuleCall::current(L);
  counterKey(L, 1, call);
  auto& shared = services(L);
  lua_Integer value = 0;
  guarded(L, [&] {
    const auto stored = shared.store().get(call.text);
    if (stored) std::from_chars(stored->data(), stored->data() + stored->size(), value);
  });
  lua_pushinteger(L, value);
  return 1;
}

// log(message): one line naming the script and the line that logged.
int RulesApi::log(lua_State* L) {
  auto& call = RuleCall::current(L);
  std::size_t size = 0;
  const char* message = luaL_tolstring(L, 1, &size);
  lua_Debug caller;
  int line = 0;
  if (lua_getstack(L, 1, &caller) && lua_getinfo(L, "l", &caller)) line = caller.currentline;
  auto& shared = services(L);
  guarded(L, [&] {
    call.text.assign(message, size);
    shared.log(line, call.text);
  });
  return 0;
}

}  // namespace interlude::scripting::rules
