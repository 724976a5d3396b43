#pragma once

#include <lua.hpp>

#include "RuleCall.h"

namespace interlude::scripting::rules {

// Pushes `ctx`, what a hook knows of its request (docs/lua.md): request (path,
// query, headers, cookies, client_ip, user_agent), query (the same table as
// request.query), time, viewer, session.
void pushContext(lua_State* L, const RuleCall& call);

}  // namespace interlude::scripting::rules
