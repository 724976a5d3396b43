#pragma once

#include <lua.hpp>

#include "RuleCall.h"

namespace interlude::scripting::rules {

// Pushes `ctx`, what a hook knows of the request of the running call (after
// RuleCall::enter; docs/lua.md): request (path, query, headers, cookies,
// client_ip, user_agent), query (the same table as request.query), time,
// viewer, session. Each field is built when the script first reads it (most
// rules read one or two), by __index, and kept in the table; pairs builds all.
void pushContext(lua_State* L);

}  // namespace interlude::scripting::rules
