#pragma once

#include <lua.hpp>

#include "RuleCall.h"

namespace interlude::scripting::rules {

// The `req` of on_ad_request: {slot = ..., max = ..., categories = {...}} made
// from call.pick, kept in the registry for the duration of the call, and read
// back into call.pick once the hook returned (raises a Lua error naming a
// field of the wrong type or range).
void pushPickRequest(lua_State* L, const RuleCall& call);
void readPickRequest(lua_State* L, RuleCall& call);

}  // namespace interlude::scripting::rules
