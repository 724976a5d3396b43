#include "PlaylistObject.h"

#include <cmath>
#include <cstdint>

#include "EntryTables.h"
#include "LuaGuard.h"
#include "PlaylistEdits.h"

namespace interlude::scripting::rules {
namespace {

constexpr const char* kMetatable = "interlude.playlist";
// The upvalues of every method.
constexpr int kServices = 1;
constexpr int kPlaylistMetatable = 2;
constexpr int kPickedMetatable = 3;

struct Handle {
  std::uint64_t serial;
};

}  // namespace

void PlaylistObject::install(lua_State* L, RuleServices* services, int pickedMetatable) {
  static const luaL_Reg methods[] = {{"entries", &PlaylistObject::entries},
                                     {"get", &PlaylistObject::get},
                                     {"insert", &PlaylistObject::insert},
                                     {"remove", &PlaylistObject::remove},
                                     {"move", &PlaylistObject::move},
                                     {"replace", &PlaylistObject::replace},
                                     {"duration", &PlaylistObject::duration},
                                     {"every", &PlaylistObject::every},
                                     {"insert_at_time", &PlaylistObject::insertAtTime},
                                     {nullptr, nullptr}};
  // Upvalues of every method: the services, the metatable that self() checks
  // (a pointer comparison, not a lookup by name), and that of picked entries.
  pickedMetatable = lua_absindex(L, pickedMetatable);
  luaL_newmetatable(L, kMetatable);
  luaL_newlibtable(L, methods);
  lua_pushlightuserdata(L, services);
  lua_pushvalue(L, -3);
  lua_pushvalue(L, pickedMetatable);
  luaL_setfuncs(L, methods, kPickedMetatable);
  lua_setfield(L, -2, "__index");
  lua_pushlightuserdata(L, services);
  lua_pushvalue(L, -2);
  lua_pushvalue(L, pickedMetatable);
  lua_pushcclosure(L, &PlaylistObject::length, kPickedMetatable);
  lua_setfield(L, -2, "__len");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");  // scripts cannot reach or change the methods
  lua_pop(L, 1);
}

void PlaylistObject::push(lua_State* L, const RuleCall& call) {
  auto* handle = static_cast<Handle*>(lua_newuserdatauv(L, sizeof(Handle), 0));
  handle->serial = call.serial;
  luaL_setmetatable(L, kMetatable);
}

RuleCall& PlaylistObject::self(lua_State* L) {
  const bool playlist =
      lua_getmetatable(L, 1) && lua_rawequal(L, -1, lua_upvalueindex(kPlaylistMetatable));
  if (!playlist) luaL_checkudata(L, 1, kMetatable);  // raises the usual argument error
  lua_pop(L, 1);
  const auto* handle = static_cast<const Handle*>(lua_touserdata(L, 1));
  auto& call = RuleCall::current(L);
  if (handle->serial != call.serial || !call.list) {
    luaL_error(L, "this playlist belongs to an earlier call of the hook");
  }
  return call;
}

// The 0-based index of 1-based argument `arg`, which must be in 1..last+1.
std::size_t PlaylistObject::position(lua_State* L, int arg, std::size_t last) {
  const lua_Integer i = luaL_checkinteger(L, arg);
  if (i < 1 || static_cast<lua_Unsigned>(i) > last + 1) {
    luaL_error(L, "position %d is outside 1..%d", static_cast<int>(i), static_cast<int>(last + 1));
  }
  return static_cast<std::size_t>(i - 1);
}

void PlaylistObject::insertIncoming(lua_State* L, RuleCall& call, std::size_t at) {
  auto& services = *static_cast<RuleServices*>(lua_touserdata(L, lua_upvalueindex(kServices)));
  guarded(L, [&] { services.keepExclusive(call, at); });
  auto& list = *call.list;
  if (list.size() + call.incoming.size() > kMaxEntries) {
    luaL_error(L, "a playlist holds at most %d entries", static_cast<int>(kMaxEntries));
  }
  guarded(L, [&] { list.insert(at, call.incoming); });
}

int PlaylistObject::entries(lua_State* L) {
  auto& call = self(L);
  const auto& list = *call.list;
  lua_createtable(L, static_cast<int>(list.size()), 0);
  for (std::size_t i = 0; i < list.size(); ++i) {
    pushEntry(L, list[i]);
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  return 1;
}

int PlaylistObject::length(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(self(L).list->size()));
  return 1;
}

int PlaylistObject::get(lua_State* L) {
  auto& call = self(L);
  const auto size = call.list->size();
  const auto i = position(L, 2, size);
  if (i == size) return 0;  // one past the end: nil, like a table
  pushEntry(L, (*call.list)[i]);
  return 1;
}

int PlaylistObject::insert(lua_State* L) {
  auto& call = self(L);
  const auto at = position(L, 2, call.list->size());
  readEntries(L, 3, call, lua_upvalueindex(kPickedMetatable));
  insertIncoming(L, call, at);
  lua_pushinteger(L, static_cast<lua_Integer>(call.incoming.size()));
  return 1;
}

int PlaylistObject::remove(lua_State* L) {
  auto& call = self(L);
  auto& list = *call.list;
  if (list.size() == 0) luaL_error(L, "the playlist is empty");
  const auto i = position(L, 2, list.size() - 1);
  pushEntry(L, list[i]);
  list.remove(i);
  return 1;
}

int PlaylistObject::move(lua_State* L) {
  auto& call = self(L);
  auto& list = *call.list;
  if (list.size() == 0) luaL_error(L, "the playlist is empty");
  const auto from = position(L, 2, list.size() - 1);
  const auto to = position(L, 3, list.size() - 1);
  list.move(from, to);
  return 0;
}

int PlaylistObject::replace(lua_State* L) {
  auto& call = self(L);
  auto& list = *call.list;
  if (list.size() == 0) luaL_error(L, "the playlist is empty");
  const auto i = position(L, 2, list.size() - 1);
  readEntries(L, 3, call, lua_upvalueindex(kPickedMetatable));
  if (call.incoming.size() != 1) luaL_error(L, "replace takes one entry");
  list.replace(i, call.incoming.front());
  return 0;
}

int PlaylistObject::duration(lua_State* L) {
  lua_pushnumber(L, totalDuration(*self(L).list));
  return 1;
}

int PlaylistObject::every(lua_State* L) {
  auto& call = self(L);
  const double seconds = luaL_checknumber(L, 2);
  if (!(seconds >= 1)) luaL_error(L, "every takes 1 second or more");
  const double end = contentDuration(*call.list);
  const double count = std::ceil(end / seconds) - 1;  // the times before `end`, at most
  lua_createtable(L, count > 0 && count < kMaxEntries ? static_cast<int>(count) : 0, 0);
  lua_Integer n = 0;
  for (double at = seconds; at < end; at += seconds) {
    // Whole seconds as integers: "break at " .. at reads 600, not 600.0.
    lua_Integer whole = 0;
    if (at == std::floor(at) && lua_numbertointeger(at, &whole)) {
      lua_pushinteger(L, whole);
    } else {
      lua_pushnumber(L, at);
    }
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

int PlaylistObject::insertAtTime(lua_State* L) {
  auto& call = self(L);
  const double seconds = luaL_checknumber(L, 2);
  if (!(seconds >= 0)) luaL_error(L, "insert_at_time takes a time of 0 seconds or more");
  readEntries(L, 3, call, lua_upvalueindex(kPickedMetatable));
  const auto at = indexAtTime(*call.list, seconds);
  insertIncoming(L, call, at);
  lua_pushinteger(L, static_cast<lua_Integer>(at + 1));
  return 1;
}

}  // namespace interlude::scripting::rules
