#pragma once

#include <functional>

struct lua_State;

namespace interlude::scripting {

// The C++ code that a rule script's state runs on behalf of its caller. Each
// runs inside a protected Lua call: a Lua error it raises (luaL_error, a failed
// luaL_check*, running out of memory) fails the call like a script error would.
// Lua errors are longjmps: across a Lua API call that may raise, keep no
// object with a destructor alive (build strings before pushing them, copy
// strings out after). An exception a callback throws ends the call and is
// rethrown by the RuleScript function that ran it (installers run when a state
// opens: in the constructor, on a reload, or in a call).
// Push at most LUA_MINSTACK (20) values without luaL_checkstack.

// Adds what the rules API offers (`ads`, `log`...) to the sandbox of each new
// state: called with the sandbox's global table on top of the stack, it sets
// fields on it (lua_setfield(L, -2, "name")) and leaves the stack as it found
// it. Once all installers ran, every table reachable from those globals is
// replaced by a read-only view. C functions it installs run in Lua frames: they
// must not let an exception escape (report errors with luaL_error).
using Installer = std::function<void(lua_State* L)>;

// Pushes the arguments of a hook; all it leaves on the stack are passed.
using PushArguments = std::function<void(lua_State* L)>;

// Reads what a hook returned: the `count` values on top of the stack.
using ReadResults = std::function<void(lua_State* L, int count)>;

}  // namespace interlude::scripting
