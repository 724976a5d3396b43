#include "ContextTable.h"

namespace interlude::scripting::rules {
namespace {

void setString(lua_State* L, const char* name, const std::string& value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, name);
}

template <class Map>
void pushMap(lua_State* L, const Map& map) {
  lua_createtable(L, 0, static_cast<int>(map.size()));
  for (const auto& [name, value] : map) {
    lua_pushlstring(L, name.data(), name.size());
    lua_pushlstring(L, value.data(), value.size());
    lua_rawset(L, -3);
  }
}

}  // namespace

void pushContext(lua_State* L, const RuleCall& call) {
  const auto& request = call.request;
  lua_createtable(L, 0, 6);
  lua_createtable(L, 0, 6);
  setString(L, "path", request.path);
  pushMap(L, call.query);
  lua_pushvalue(L, -1);
  lua_setfield(L, -4, "query");
  lua_setfield(L, -2, "query");
  pushMap(L, request.headers);
  lua_setfield(L, -2, "headers");
  pushMap(L, call.cookies);
  lua_setfield(L, -2, "cookies");
  setString(L, "client_ip", request.clientIp);
  const auto agent = request.headers.find("user-agent");
  if (agent != request.headers.end()) {
    setString(L, "user_agent", agent->second);
  } else {
    lua_pushliteral(L, "");
    lua_setfield(L, -2, "user_agent");
  }
  lua_setfield(L, -2, "request");
  lua_pushinteger(L, static_cast<lua_Integer>(call.time));
  lua_setfield(L, -2, "time");
  setString(L, "viewer", call.viewer);
  setString(L, "session", call.session);
}

}  // namespace interlude::scripting::rules
