#include "interlude/scripting/ScriptError.h"

namespace interlude::scripting {

std::string ScriptError::str() const {
  if (line <= 0) return file + ": " + reason;
  return file + ":" + std::to_string(line) + ": " + reason;
}

}  // namespace interlude::scripting
