#pragma once

#include <lua.hpp>

#include "RuleCall.h"
#include "RuleServices.h"

namespace interlude::scripting::rules {

// `pl`, the playlist of on_playlist: a userdata whose methods (docs/lua.md)
// edit call.entries in place. It works only during the call it was made for.
// Ads inserted into a break keep its competitive exclusion (RuleServices::keepExclusive).
class PlaylistObject {
 public:
  static constexpr std::size_t kMaxEntries = 5000;

  // Registers the methods in the state (from an installer); `pickedMetatable`:
  // the index of the metatable of picked entries (pushPickedMetatable).
  static void install(lua_State* L, RuleServices* services, int pickedMetatable);
  // Pushes the playlist of `call` (from a push callback, after call.enter).
  static void push(lua_State* L, const RuleCall& call);

 private:
  static RuleCall& self(lua_State* L);
  static std::size_t position(lua_State* L, int arg, std::size_t last);
  static void insertIncoming(lua_State* L, RuleCall& call, std::size_t at);

  static int entries(lua_State* L);
  static int length(lua_State* L);
  static int get(lua_State* L);
  static int insert(lua_State* L);
  static int remove(lua_State* L);
  static int move(lua_State* L);
  static int replace(lua_State* L);
  static int duration(lua_State* L);
  static int every(lua_State* L);
  static int insertAtTime(lua_State* L);
};

}  // namespace interlude::scripting::rules
