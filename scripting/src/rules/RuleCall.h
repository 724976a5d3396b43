#pragma once

#include <cstdint>
#include <lua.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "interlude/playlists/Resolver.h"
#include "interlude/scripting/AdPickRequest.h"
#include "interlude/scripting/AdWeightedList.h"

namespace interlude::scripting::rules {

// What one call of a hook works on. It lives in the caller's frame, outside
// every Lua frame: the C functions of the rules API find it through the state's
// registry and build what they need in its scratch members, so a Lua error
// never skips a C++ destructor.
struct RuleCall {
  RuleCall(const playlists::PlaylistRequest& request, const std::string& viewerCookie);

  const playlists::PlaylistRequest& request;
  std::unordered_map<std::string, std::string> query;    // percent-decoded
  std::unordered_map<std::string, std::string> cookies;  // from the Cookie header
  std::string viewer;                                    // the viewer cookie, else the client IP
  std::int64_t time = 0;                                 // epoch seconds
  std::string session;  // the playlist path (on_playlist), the session id (on_entry)
  std::vector<playlists::ResolvedEntry>* entries = nullptr;  // the playlist of on_playlist

  // Scratch space of the API functions.
  AdPickRequest pick;
  std::vector<playlists::ResolvedEntry> picked;
  std::vector<playlists::ResolvedEntry> incoming;
  std::string text;
  std::optional<AdRandom> random;  // seeded by the first pick

  // Makes this the call the state's API functions work on; from push, before
  // any script code runs (a state's previous call may have left its pointer).
  void enter(lua_State* L);
  // The call running in `L`; raises a Lua error outside of hooks.
  static RuleCall& current(lua_State* L);
  // Tells this call's objects (pl) from those of an earlier call of the state.
  std::uint64_t serial = 0;

  // Sets pick.context and pick.viewer from the request, once per call.
  void preparePick();

 private:
  bool pickPrepared_ = false;
};

}  // namespace interlude::scripting::rules
