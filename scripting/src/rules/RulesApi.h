#pragma once

#include <memory>

#include "RuleServices.h"
#include "interlude/scripting/LuaCallbacks.h"

namespace interlude::scripting::rules {

// The globals the rules API adds to a site's script (docs/lua.md): `ads.pick`,
// `counter.incr`, `counter.get`, `log`, and the methods of `pl`. Each C function
// finds the site's services in its upvalue and the running call in the registry.
class RulesApi {
 public:
  static constexpr lua_Integer kMaxPicks = 10;
  // Ads one call may pick in all: what it picked is kept (outside the Lua memory cap) until it
  // ends.
  static constexpr std::size_t kMaxPickedPerCall = 1000;
  static constexpr lua_Integer kDefaultCounterTtl = 86400;

  static Installer installer(std::shared_ptr<RuleServices> services);

 private:
  static RuleServices& services(lua_State* L);
  static int pick(lua_State* L);
  static int incr(lua_State* L);
  static int get(lua_State* L);
  static int log(lua_State* L);
};

}  // namespace interlude::scripting::rules
