#pragma once

#include <lua.hpp>

#include "RuleCall.h"
#include "interlude/playlists/Resolver.h"
#include "interlude/playlists/Session.h"

namespace interlude::scripting::rules {

inline constexpr lua_Unsigned kMaxIncoming = 5000;

// Entries as rule scripts see them: plain tables, copies of the playlist's
// (docs/lua.md lists the fields). A local entry's src is its URL path under the
// site root.
void pushEntry(lua_State* L, const playlists::ResolvedEntry& entry);
// Pushes call.picked[index] as an entry table whose fields are set when the
// script first reads, writes or traverses it (it is then a plain table, without
// a metatable); an entry given back untouched to pl:insert is not read from
// Lua at all. Most rules insert what ads.pick returns as it is. `metatable`:
// the index of the metatable of picked entries.
void pushPickedEntry(lua_State* L, RuleCall& call, std::size_t index, int metatable);
// Pushes a new metatable of picked entries (from an installer): the API
// functions that make or read them keep it as an upvalue, which is cheaper to
// reach than a registry entry.
void pushPickedMetatable(lua_State* L);
void pushSessionEntry(lua_State* L, const playlists::SessionEntry& entry, std::size_t index);

// Reads an entry table, or a list of at most kMaxIncoming of them, at `index`
// into call.incoming (cleared first): a picked entry still untouched (its
// metatable the one at `pickedMetatable`) as itself, any other table as an
// entry of call.made. Raises a Lua error naming the field that is wrong.
void readEntries(lua_State* L, int index, RuleCall& call, int pickedMetatable);

}  // namespace interlude::scripting::rules
