#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace interlude::scripting {

// What a rule may spend. The budget and the time limit apply to each call (and
// separately to the script's top level, run once per state); the cap to
// everything a state holds.
//
// The time limit is checked by the count hook every kDeadlineCheckInstructions
// instructions and before each pattern or string.rep call: time spent inside
// one C function call is not interrupted, so what bounds a call is the time
// limit plus one such call (a pattern over a string the memory cap bounds).
struct ScriptLimits {
  static constexpr int kDeadlineCheckInstructions = 1000;

  std::int64_t instructionBudget = 1'000'000;  // Lua VM instructions
  std::size_t memoryCapBytes = std::size_t{32} << 20;
  std::chrono::milliseconds timeLimit{50};  // wall clock per call
};

}  // namespace interlude::scripting
