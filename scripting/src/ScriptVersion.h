#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "StatePool.h"
#include "interlude/scripting/CallOutcome.h"
#include "interlude/scripting/LuaCallbacks.h"
#include "interlude/scripting/ScriptError.h"
#include "interlude/scripting/ScriptLimits.h"

namespace interlude::scripting {

// One compiled version of a rule script and the states running it. Its idle
// states are closed with it, once a newer version replaced it and the last
// call on it returned.
class ScriptVersion {
 public:
  using Installers = std::shared_ptr<const std::vector<Installer>>;

  // Empty: compile() fills it.
  ScriptVersion(std::string file, const ScriptLimits& limits, Installers installers);

  // Compiles `source` in a first state, which runs the top level and joins the
  // pool; the error when the source does not compile or its top level fails.
  static std::variant<std::shared_ptr<ScriptVersion>, ScriptError> compile(
      const std::string& file, std::string_view source, const ScriptLimits& limits,
      Installers installers);

  bool defines(const std::string& function) const { return functions_.count(function) > 0; }
  // Runs `function` on an idle state, or on a new one.
  CallOutcome call(const std::string& function, const PushArguments& push, const ReadResults& read);

 private:
  std::string file_;
  ScriptLimits limits_;
  Installers installers_;
  std::string bytecode_;
  std::set<std::string> functions_;
  StatePool pool_;
};

}  // namespace interlude::scripting
