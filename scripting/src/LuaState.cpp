#include "LuaState.h"

#include <cstdio>
#include <exception>
#include <new>
#include <stdexcept>

#include "Sandbox.h"

namespace interlude::scripting {

namespace {

// How Lua names the chunk "@file" in its messages (luaO_chunkid): the whole
// name when it fits LUA_IDSIZE, else "..." and its end.
std::string shortSource(const std::string& file) {
  constexpr std::size_t kept = LUA_IDSIZE - 4;
  if (file.size() + 1 <= LUA_IDSIZE) return file;
  return "..." + file.substr(file.size() - kept);
}

// Reads the error object without calling into Lua (no __tostring, no
// allocation outside a protected call).
std::string messageOf(lua_State* L) {
  switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
      std::size_t size = 0;
      const char* text = lua_tolstring(L, -1, &size);
      return std::string(text, size);
    }
    case LUA_TNUMBER: {
      if (lua_isinteger(L, -1)) return std::to_string(lua_tointeger(L, -1));
      char text[32];
      std::snprintf(text, sizeof text, LUA_NUMBER_FMT, lua_tonumber(L, -1));
      return text;
    }
    default:
      return std::string("(error object is a ") + luaL_typename(L, -1) + " value)";
  }
}

// Splits "chunk:line: reason" into line and reason; anything else is all reason.
void splitMessage(const std::string& message, const std::string& chunk, ScriptError& error) {
  const std::string prefix = chunk + ":";
  error.reason = message;
  if (message.compare(0, prefix.size(), prefix) != 0) return;
  std::size_t end = prefix.size();
  int line = 0;
  while (end < message.size() && end - prefix.size() < 9 && message[end] >= '0' &&
         message[end] <= '9') {
    line = line * 10 + (message[end++] - '0');
  }
  if (end == prefix.size() || message.compare(end, 2, ": ") != 0) return;
  error.line = line;
  error.reason = message.substr(end + 2);
}

std::string bytesText(std::size_t bytes) {
  constexpr std::size_t mebibyte = std::size_t{1} << 20;
  if (bytes >= mebibyte && bytes % mebibyte == 0) return std::to_string(bytes / mebibyte) + " MiB";
  return std::to_string(bytes) + " bytes";
}

int appendTo(lua_State*, const void* data, std::size_t size, void* out) {
  try {
    static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
    return 0;
  } catch (const std::bad_alloc&) {
    return 1;  // stops the dump, which reports it
  }
}

}  // namespace

struct LuaState::LoadJob {
  const std::string* chunkName;
  std::string_view code;
  const char* mode;
  const std::vector<Installer>* installers;
  int chunk = LUA_NOREF;
  int definitions = LUA_NOREF;
  int callMetatable = LUA_NOREF;
};

struct LuaState::CallJob {
  const std::string* name;
  const PushArguments* push;
  const ReadResults* read;
  int chunk;
  int definitions;
  int callMetatable;
};

LuaState::LuaState(const ScriptLimits& limits)
    : limits_(limits),
      cap_(limits.memoryCapBytes),
      guard_(cap_),
      state_(lua_newstate(&MemoryCap::allocate, &cap_)) {
  if (!state_) throw std::bad_alloc();
  guard_.attach(state_.get());
  // Most of what a call allocates (its ctx, pick arguments, entries) dies with
  // it: the generational collector spends less on such garbage.
  lua_gc(state_.get(), LUA_GCGEN, 0, 0);
}

LuaState::~LuaState() = default;

CallOutcome LuaState::load(const std::string& file, std::string_view code, Code kind,
                           const std::vector<Installer>& installers) {
  file_ = file;
  const std::string chunkName = "@" + file;
  LoadJob job{&chunkName, code, kind == Code::Source ? "t" : "b", &installers};
  auto outcome = run(&LuaState::loadBody, &job);
  if (!outcome.ok()) {
    reusable_ = false;
    return outcome;
  }
  chunk_ = job.chunk;
  definitions_ = job.definitions;
  callMetatable_ = job.callMetatable;
  return outcome;
}

// Stack: 1 the base table, 2 the script's definitions (its top level's globals,
// reads falling back to the base), 3 the metatable of each call's globals
// (reads falling back to the definitions), 4 the chunk.
int LuaState::loadBody(lua_State* L) {
  auto& job = *static_cast<LoadJob*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  Sandbox::pushBase(L, *job.installers);
  lua_createtable(L, 0, 8);
  Sandbox::pushFallback(L, 1);
  lua_setmetatable(L, 2);
  Sandbox::pushFallback(L, 2);
  if (luaL_loadbufferx(L, job.code.data(), job.code.size(), job.chunkName->c_str(), job.mode) !=
      LUA_OK) {
    return lua_error(L);
  }
  lua_pushvalue(L, 2);
  lua_setupvalue(L, 4, 1);  // _ENV, the chunk's only upvalue
  lua_pushvalue(L, 4);
  job.chunk = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushvalue(L, 2);
  job.definitions = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushvalue(L, 3);
  job.callMetatable = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_call(L, 0, 0);
  return 0;
}

std::string LuaState::bytecode() const {
  lua_State* L = state_.get();
  std::string out;
  lua_rawgeti(L, LUA_REGISTRYINDEX, chunk_);
  const int status = lua_dump(L, &appendTo, &out, 0);
  lua_pop(L, 1);
  if (status != 0) throw std::bad_alloc();
  return out;
}

std::set<std::string> LuaState::functions() const {
  lua_State* L = state_.get();
  std::set<std::string> names;
  lua_rawgeti(L, LUA_REGISTRYINDEX, definitions_);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TFUNCTION) {
      names.emplace(lua_tostring(L, -2));
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return names;
}

CallOutcome LuaState::call(const std::string& name, const PushArguments& push,
                           const ReadResults& read) {
  if (definitions_ == LUA_NOREF) throw std::logic_error("LuaState::call before a load");
  CallJob job{&name, &push, &read, chunk_, definitions_, callMetatable_};
  return run(&LuaState::callBody, &job);
}

// Each call gets a new, empty global table: the chunk's _ENV upvalue, shared by
// every function the script defined, is pointed at it for the call.
int LuaState::callBody(lua_State* L) {
  auto& job = *static_cast<CallJob*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, job.definitions);
  lua_pushlstring(L, job.name->data(), job.name->size());
  if (lua_rawget(L, 1) != LUA_TFUNCTION) return 0;
  lua_rawgeti(L, LUA_REGISTRYINDEX, job.chunk);
  lua_createtable(L, 0, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, job.callMetatable);
  lua_setmetatable(L, -2);
  lua_setupvalue(L, 3, 1);
  lua_settop(L, 2);
  lua_remove(L, 1);
  AbortGuard::run(L, [&] { (*job.push)(L); });
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  AbortGuard::run(L, [&] { (*job.read)(L, lua_gettop(L)); });
  return 0;
}

CallOutcome LuaState::run(lua_CFunction body, void* job) {
  lua_State* L = state_.get();
  lua_settop(L, 0);
  guard_.arm(L, limits_.instructionBudget, limits_.timeLimit,
             ScriptLimits::kDeadlineCheckInstructions);
  lua_pushcfunction(L, &AbortGuard::messageHandler);
  lua_pushcfunction(L, body);
  lua_pushlightuserdata(L, job);
  const int status = lua_pcall(L, 1, 0, 1);
  guard_.disarm(L);
  if (guard_.abort() != AbortGuard::Abort::None || status == LUA_ERRMEM || cap_.refused()) {
    reusable_ = false;
  }
  if (const auto exception = guard_.takeException()) {
    lua_settop(L, 0);
    std::rethrow_exception(exception);
  }
  auto outcome = status == LUA_OK ? CallOutcome::success() : CallOutcome::failure(errorOf(status));
  lua_settop(L, 0);
  return outcome;
}

ScriptError LuaState::errorOf(int status) const {
  ScriptError error{ScriptError::Kind::Error, file_, guard_.line(), {}};
  if (guard_.abort() == AbortGuard::Abort::Budget) {
    error.kind = ScriptError::Kind::Budget;
    error.reason =
        "instruction budget of " + std::to_string(limits_.instructionBudget) + " exhausted";
  } else if (guard_.abort() == AbortGuard::Abort::Time) {
    error.kind = ScriptError::Kind::Time;
    error.reason = "time limit of " + std::to_string(limits_.timeLimit.count()) + " ms exceeded";
  } else if (guard_.abort() == AbortGuard::Abort::Memory || status == LUA_ERRMEM ||
             cap_.refused()) {
    error.kind = ScriptError::Kind::Memory;
    error.reason = "memory cap of " + bytesText(cap_.cap()) + " reached";
  } else {
    splitMessage(messageOf(state_.get()), shortSource(file_), error);
  }
  return error;
}

}  // namespace interlude::scripting
