#pragma once

#include <string>

namespace interlude::scripting {

// Why a rule script failed: a Lua error (runtime or syntax), or an abort
// because it ran out of instructions, time or memory.
struct ScriptError {
  enum class Kind { Error, Budget, Time, Memory };

  Kind kind = Kind::Error;
  std::string file;
  int line = 0;  // 0 when unknown
  std::string reason;

  // `file:line: reason` (`file: reason` when the line is unknown), for the log.
  std::string str() const;
};

}  // namespace interlude::scripting
