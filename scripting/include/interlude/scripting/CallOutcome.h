#pragma once

#include <optional>

#include "interlude/scripting/ScriptError.h"

namespace interlude::scripting {

// The result of running a rule script: ok, or failed with the error. Whether a
// failure lets the request through (fail-open) or not is the caller's choice.
class CallOutcome {
 public:
  static CallOutcome success();
  static CallOutcome failure(ScriptError error);

  bool ok() const { return !error_; }
  // Only when !ok().
  const ScriptError& error() const { return *error_; }

 private:
  std::optional<ScriptError> error_;
};

}  // namespace interlude::scripting
