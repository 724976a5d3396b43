#pragma once

#include <lua.hpp>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "AbortGuard.h"
#include "interlude/scripting/CallOutcome.h"
#include "interlude/scripting/LuaCallbacks.h"
#include "interlude/scripting/MemoryCap.h"
#include "interlude/scripting/ScriptLimits.h"

namespace interlude::scripting {

// One lua_State running one rule script in the sandbox, used by one thread at a
// time. Every Lua API call that may raise runs inside a protected call.
class LuaState {
 public:
  enum class Code { Source, Bytecode };

  // Throws std::bad_alloc when Lua cannot start within the memory cap.
  explicit LuaState(const ScriptLimits& limits);
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  // Opens the sandbox, then loads `code` as the script `file` (source text, or
  // bytecode from bytecode()) and runs its top level, under the limits.
  CallOutcome load(const std::string& file, std::string_view code, Code kind,
                   const std::vector<Installer>& installers);
  // The loaded script, compiled, with its line numbers.
  std::string bytecode() const;
  // The global functions the top level defined.
  std::set<std::string> functions() const;

  // Calls the global function `name` (a success doing nothing when there is
  // none) in a fresh global table over the script's definitions.
  CallOutcome call(const std::string& name, const PushArguments& push, const ReadResults& read);

  // False once a call was aborted or an allocation was refused: such a state is
  // closed, never reused.
  bool reusable() const { return reusable_; }

 private:
  struct Closer {
    void operator()(lua_State* L) const { lua_close(L); }
  };
  struct LoadJob;
  struct CallJob;
  static int loadBody(lua_State* L);
  static int callBody(lua_State* L);

  CallOutcome run(lua_CFunction body, void* job);
  ScriptError errorOf(int status) const;

  const ScriptLimits limits_;
  std::string file_;
  MemoryCap cap_;
  AbortGuard guard_;
  std::unique_ptr<lua_State, Closer> state_;  // closed before the guard and the cap go
  int chunk_ = LUA_NOREF;                     // registry references
  int definitions_ = LUA_NOREF;
  int callMetatable_ = LUA_NOREF;
  bool reusable_ = true;
};

}  // namespace interlude::scripting
