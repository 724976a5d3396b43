#include "PickTables.h"

#include "LuaGuard.h"
#include "RulesApi.h"

namespace interlude::scripting::rules {
namespace {

const char kRequestKey = 0;  // its address keys the registry

}  // namespace

void pushPickRequest(lua_State* L, const RuleCall& call) {
  const auto& pick = call.pick;
  lua_createtable(L, 0, 3);
  lua_pushlstring(L, pick.slot.data(), pick.slot.size());
  lua_setfield(L, -2, "slot");
  lua_pushinteger(L, static_cast<lua_Integer>(pick.max));
  lua_setfield(L, -2, "max");
  lua_createtable(L, static_cast<int>(pick.categories.size()), 0);
  for (std::size_t i = 0; i < pick.categories.size(); ++i) {
    lua_pushlstring(L, pick.categories[i].data(), pick.categories[i].size());
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  lua_setfield(L, -2, "categories");
  lua_pushvalue(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kRequestKey);
}

void readPickRequest(lua_State* L, RuleCall& call) {
  auto& pick = call.pick;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kRequestKey);
  const int request = lua_gettop(L);
  if (lua_getfield(L, request, "slot") != LUA_TSTRING) luaL_error(L, "req.slot must be a string");
  std::size_t size = 0;
  const char* slot = lua_tolstring(L, -1, &size);
  guarded(L, [&] { pick.slot.assign(slot, size); });
  lua_getfield(L, request, "max");
  const lua_Integer max = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
  if (max < 1 || max > RulesApi::kMaxPicks) {
    luaL_error(L, "req.max must be a whole number from 1 to %d", int{RulesApi::kMaxPicks});
  }
  pick.max = static_cast<std::size_t>(max);
  guarded(L, [&] { pick.categories.clear(); });
  if (lua_getfield(L, request, "categories") != LUA_TTABLE) {
    luaL_error(L, "req.categories must be a list of strings");
  }
  const auto count = lua_rawlen(L, -1);
  for (lua_Unsigned i = 1; i <= count; ++i) {
    if (lua_rawgeti(L, -1, static_cast<lua_Integer>(i)) != LUA_TSTRING) {
      luaL_error(L, "req.categories must be a list of strings");
    }
    const char* category = lua_tolstring(L, -1, &size);
    guarded(L, [&] { pick.categories.emplace_back(category, size); });
    lua_pop(L, 1);
  }
  lua_settop(L, request - 1);
}

}  // namespace interlude::scripting::rules
