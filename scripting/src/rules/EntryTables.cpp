#include "EntryTables.h"

#include <cstdio>
#include <cstring>

#include "LuaGuard.h"

namespace interlude::scripting::rules {
namespace {

using playlists::EntryKind;
using playlists::SkipAfter;

void setString(lua_State* L, const char* name, const std::string& value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, name);
}

void setBoolean(lua_State* L, const char* name, bool value) {
  lua_pushboolean(L, value);
  lua_setfield(L, -2, name);
}

void setCommon(lua_State* L, EntryKind kind, const std::optional<double>& duration,
               const playlists::Permissions& permissions, const std::string& adId) {
  lua_pushstring(L, kind == EntryKind::Ad ? "ad" : "content");
  lua_setfield(L, -2, "kind");
  if (duration) {
    lua_pushnumber(L, *duration);
    lua_setfield(L, -2, "duration");
  }
  setBoolean(L, "can_seek", permissions.canSeek);
  setBoolean(L, "can_skip_forward", permissions.canSkipForward);
  setBoolean(L, "can_skip_back", permissions.canSkipBack);
  if (!adId.empty()) setString(L, "ad_id", adId);
}

// The field `name` of the entry table at `index`, pushed; nil or `type`, else an error.
bool field(lua_State* L, int index, const char* name, int type) {
  const int found = lua_getfield(L, index, name);
  if (found == LUA_TNIL) {
    lua_pop(L, 1);
    return false;
  }
  if (found != type) {
    luaL_error(L, "entry field %s must be a %s, not a %s", name, lua_typename(L, type),
               luaL_typename(L, -1));
  }
  return true;
}

void readText(lua_State* L, int index, const char* name, std::string& out) {
  if (!field(L, index, name, LUA_TSTRING)) return;
  std::size_t size = 0;
  const char* text = lua_tolstring(L, -1, &size);
  guarded(L, [&] { out.assign(text, size); });
  lua_pop(L, 1);
}

void readFlag(lua_State* L, int index, const char* name, bool& out) {
  if (!field(L, index, name, LUA_TBOOLEAN)) return;
  out = lua_toboolean(L, -1);
  lua_pop(L, 1);
}

// "50%", "30s", or a number of seconds.
void readSkipAfter(lua_State* L, int index, std::optional<SkipAfter>& out) {
  if (lua_getfield(L, index, "skip_after") == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  SkipAfter skip{SkipAfter::Unit::Seconds, 0};
  if (lua_type(L, -1) == LUA_TNUMBER) {
    skip.value = lua_tonumber(L, -1);
  } else {
    const char* text = lua_tostring(L, -1);
    char* end = nullptr;
    skip.value = text ? std::strtod(text, &end) : -1;
    if (end && std::strcmp(end, "%") == 0) {
      skip.unit = SkipAfter::Unit::Percent;
    } else if (!end || end == text || std::strcmp(end, "s") != 0) {
      luaL_error(L, "entry field skip_after must be like \"50%%\", \"30s\" or a number");
    }
  }
  if (!(skip.value >= 0) || (skip.unit == SkipAfter::Unit::Percent && skip.value > 100)) {
    luaL_error(L, "entry field skip_after is out of range");
  }
  out = skip;
  lua_pop(L, 1);
}

void readEntry(lua_State* L, int index, playlists::ResolvedEntry& out) {
  auto& e = out.entry;
  readText(L, index, "src", e.src);
  readText(L, index, "slot", e.adSlot);
  readText(L, index, "title", e.title);
  readText(L, index, "author", e.author);
  readText(L, index, "ad_id", e.adId);
  if (field(L, index, "kind", LUA_TSTRING)) {
    const char* kind = lua_tostring(L, -1);
    if (std::strcmp(kind, "ad") != 0 && std::strcmp(kind, "content") != 0) {
      luaL_error(L, "entry field kind must be \"content\" or \"ad\", not \"%s\"", kind);
    }
    e.kind = std::strcmp(kind, "ad") == 0 ? EntryKind::Ad : EntryKind::Content;
    lua_pop(L, 1);
  }
  if (field(L, index, "duration", LUA_TNUMBER)) {
    const double seconds = lua_tonumber(L, -1);
    if (!(seconds >= 0)) luaL_error(L, "entry field duration must be 0 or more seconds");
    e.durationSeconds = seconds;
    lua_pop(L, 1);
  }
  const bool ad = e.kind == EntryKind::Ad;
  e.permissions = {!ad, !ad, true};
  readFlag(L, index, "can_seek", e.permissions.canSeek);
  readFlag(L, index, "can_skip_forward", e.permissions.canSkipForward);
  readFlag(L, index, "can_skip_back", e.permissions.canSkipBack);
  readSkipAfter(L, index, e.skipAfter);
  if (e.isPlaceholder()) {
    guarded(L, [&] { e.src.clear(); });
    return;
  }
  if (e.src.empty()) luaL_error(L, "an entry needs a src (or a slot)");
  out.local = !playlists::isHttpUrl(e.src);
  bool inside = true;
  guarded(L, [&] {
    out.target = e.src;
    if (out.local) inside = playlists::joinUrlPath("/", e.src, out.target);
  });
  if (!inside) luaL_error(L, "entry src \"%s\" leads outside the site root", e.src.c_str());
}

void setEntryFields(lua_State* L, const playlists::ResolvedEntry& r) {
  const auto& e = r.entry;
  setString(L, "src", e.isPlaceholder() ? e.src : r.target);
  setString(L, "title", e.title);
  setString(L, "author", e.author);
  setCommon(L, e.kind, e.durationSeconds, e.permissions, e.adId);
  if (e.skipAfter) {
    char text[48];
    std::snprintf(text, sizeof text, "%g%s", e.skipAfter->value,
                  e.skipAfter->unit == SkipAfter::Unit::Percent ? "%" : "s");
    lua_pushstring(L, text);
    lua_setfield(L, -2, "skip_after");
  }
  if (e.isPlaceholder()) setString(L, "slot", e.adSlot);
}

bool isPicked(lua_State* L, int index, int pickedMetatable) {
  if (!lua_getmetatable(L, index)) return false;
  const bool picked = lua_rawequal(L, -1, pickedMetatable);
  lua_pop(L, 1);
  return picked;
}

// The picked ad of this call behind the untouched table at `index`.
const playlists::ResolvedEntry& pickedOf(lua_State* L, int index, RuleCall& call) {
  const void* table = lua_topointer(L, index);
  auto i = call.pickedTables.size();
  while (i > 0 && call.pickedTables[i - 1] != table) --i;  // the newest first: addresses are reused
  if (i == 0) luaL_error(L, "this entry belongs to an earlier call of the hook");
  return *call.picked[i - 1];
}

// Sets every field of the picked entry at 1 and makes it a plain table.
void materialize(lua_State* L, RuleCall& call) {
  lua_settop(L, 3);
  const auto& entry = pickedOf(L, 1, call);
  lua_pushnil(L);
  lua_setmetatable(L, 1);  // first: setting the fields must not come back here
  lua_pushvalue(L, 1);
  setEntryFields(L, entry);
  lua_settop(L, 3);
}

int pickedIndex(lua_State* L) {
  materialize(L, RuleCall::current(L));
  lua_pushvalue(L, 2);
  lua_rawget(L, 1);
  return 1;
}

int pickedNewIndex(lua_State* L) {
  materialize(L, RuleCall::current(L));
  lua_rawset(L, 1);
  return 0;
}

int pickedPairs(lua_State* L) {
  materialize(L, RuleCall::current(L));
  lua_getglobal(L, "next");
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

}  // namespace

void pushEntry(lua_State* L, const playlists::ResolvedEntry& r) {
  lua_createtable(L, 0, 12);
  setEntryFields(L, r);
}

void pushPickedMetatable(lua_State* L) {
  lua_createtable(L, 0, 4);
  lua_pushcfunction(L, &pickedIndex);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, &pickedNewIndex);
  lua_setfield(L, -2, "__newindex");
  lua_pushcfunction(L, &pickedPairs);
  lua_setfield(L, -2, "__pairs");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
}

void pushPickedEntry(lua_State* L, RuleCall& call, std::size_t index, int metatable) {
  lua_createtable(L, 0, 0);
  lua_pushvalue(L, metatable);
  lua_setmetatable(L, -2);
  const void* table = lua_topointer(L, -1);
  guarded(L, [&] { call.pickedTables.resize(call.picked.size()); });
  call.pickedTables[index] = table;
}

void pushSessionEntry(lua_State* L, const playlists::SessionEntry& e, std::size_t index) {
  lua_createtable(L, 0, 12);
  setString(L, "src", e.target);
  setString(L, "title", e.title);
  setString(L, "author", e.author);
  setCommon(L, e.kind, e.durationSeconds, e.permissions, e.adId);
  lua_pushinteger(L, static_cast<lua_Integer>(index) + 1);
  lua_setfield(L, -2, "index");
}

void readEntries(lua_State* L, int index, RuleCall& call, int pickedMetatable) {
  index = lua_absindex(L, index);
  luaL_checktype(L, index, LUA_TTABLE);
  guarded(L, [&] { call.incoming.clear(); });
  const auto read = [&](int table) {
    if (isPicked(L, table, pickedMetatable)) {
      const auto* picked = &pickedOf(L, table, call);
      guarded(L, [&] { call.incoming.push_back(picked); });
      return;
    }
    playlists::ResolvedEntry* made = nullptr;
    guarded(L, [&] {
      made = &call.make();
      call.incoming.push_back(made);
    });
    readEntry(L, table, *made);
  };
  if (isPicked(L, index, pickedMetatable)) return read(index);
  // A list holds entries from [1] on, an entry has a src or a slot.
  const int top = lua_gettop(L);
  const bool single =
      lua_rawgeti(L, index, 1) != LUA_TTABLE &&
      (lua_getfield(L, index, "src") != LUA_TNIL || lua_getfield(L, index, "slot") != LUA_TNIL);
  lua_settop(L, top);
  if (single) return read(index);
  const auto count = lua_rawlen(L, index);
  if (count > kMaxIncoming) luaL_error(L, "a list of more than %d entries", int{kMaxIncoming});
  for (lua_Unsigned i = 1; i <= count; ++i) {
    if (lua_rawgeti(L, index, static_cast<lua_Integer>(i)) != LUA_TTABLE) {
      luaL_error(L, "item %d of the list is a %s, not an entry", static_cast<int>(i),
                 luaL_typename(L, -1));
    }
    read(lua_gettop(L));
    lua_pop(L, 1);
  }
}

}  // namespace interlude::scripting::rules
