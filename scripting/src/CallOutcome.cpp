#include "interlude/scripting/CallOutcome.h"

#include <utility>

namespace interlude::scripting {

CallOutcome CallOutcome::success() { return {}; }

CallOutcome CallOutcome::failure(ScriptError error) {
  CallOutcome outcome;
  outcome.error_ = std::move(error);
  return outcome;
}

}  // namespace interlude::scripting
