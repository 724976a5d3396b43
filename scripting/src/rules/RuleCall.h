#pragma once

#include <chrono>
#include <cstdint>
#include <lua.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "EntryList.h"
#include "interlude/playlists/Resolver.h"
#include "interlude/scripting/AdCatalogCache.h"
#include "interlude/scripting/AdPickRequest.h"

namespace interlude::scripting::rules {

// What one call of a hook works on. It lives in the caller's frame, outside
// every Lua frame: the C functions of the rules API find it through the state's
// registry and build what they need in its scratch members, so a Lua error
// never skips a C++ destructor.
struct RuleCall {
  // name=value pairs in the order given, a name possibly more than once: the
  // first of a name wins (see first()). A list, not a map: building a hash
  // table for a query of a pair or two cost more than the rules read from it.
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  // The value of the first pair named `name`, or null.
  static const std::string* first(const Pairs& pairs, std::string_view name);
  // At most this many entries made from tables or external tags in one call.
  static constexpr std::size_t kMaxMade = 20000;

  RuleCall(const playlists::PlaylistRequest& request, const std::string& viewerCookie);

  const playlists::PlaylistRequest& request;
  std::chrono::system_clock::time_point now;  // when the call began: one time for all it does
  std::int64_t time = 0;                      // now in epoch seconds
  std::string session;        // the playlist path (on_playlist), the session id (on_entry)
  EntryList* list = nullptr;  // the playlist of on_playlist

  // Read from the request when first asked for (most rules never ask): they may throw.
  const Pairs& query();         // percent-decoded
  const Pairs& cookies();       // from the Cookie header
  const std::string& viewer();  // the viewer cookie, else the client IP

  // Scratch space of the API functions.
  AdPickRequest pick;
  // Every ad ads.pick gave in this call (a creative's entry in `catalog`, or
  // one in `made`), and the table it gave each in (by lua_topointer, same
  // index): a table still untouched is read back from here.
  std::vector<const playlists::ResolvedEntry*> picked;
  std::vector<const void*> pickedTables;
  // Entries this call made (read from tables, answered by external tags): the
  // list refers to them until it is committed.
  std::vector<std::unique_ptr<playlists::ResolvedEntry>> made;
  EntryList::Refs incoming;  // what an insert or replace puts in
  // A new entry of `made`; throws std::length_error past kMaxMade.
  playlists::ResolvedEntry& make();
  // The catalog version every pick of the call uses, taken at the first one.
  AdCatalogCache::Hold catalog;
  // External VAST tags of this request share one timeout, from the first fetch.
  std::optional<std::chrono::steady_clock::time_point> externalDeadline;
  std::chrono::steady_clock::duration waited{};  // in external fetches, not yet handed over
  // How long a session of this playlist may live: what its entries refer to is kept that long.
  std::chrono::seconds sessionLifetime{std::chrono::hours(24)};
  // Ads picked by this call that took a frequency cap, by adId: given back when dropped.
  std::vector<std::string> capped;
  // Campaigns of `catalog` found over the viewer's cap by this call's picks (pick.overCap).
  std::vector<const AdCampaign*> overCap;
  std::string text;

  // Makes this the call the state's API functions work on; from push, before
  // any script code runs (a state's previous call may have left its pointer).
  void enter(lua_State* L);
  // The call running in `L`; raises a Lua error outside of hooks.
  static RuleCall& current(lua_State* L);
  // Tells this call's objects (pl) from those of an earlier call of the state.
  std::uint64_t serial = 0;

  // Sets pick.viewer, and pick.context when `targeted` (the catalog looks at
  // it), from the request, once per call.
  void preparePick(bool targeted);

 private:
  const std::string& viewerCookie_;
  std::optional<Pairs> query_;
  std::optional<Pairs> cookies_;
  std::optional<std::string> viewer_;
  bool viewerPrepared_ = false;
  bool contextPrepared_ = false;
};

}  // namespace interlude::scripting::rules
