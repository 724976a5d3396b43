#pragma once

#include <cstddef>
#include <cstdint>

namespace interlude::scripting {

// What a rule may spend. The budget applies to each call (and separately to the
// script's top level, run once per state); the cap to everything a state holds.
struct ScriptLimits {
  std::int64_t instructionBudget = 1'000'000;  // Lua VM instructions
  std::size_t memoryCapBytes = std::size_t{32} << 20;
};

}  // namespace interlude::scripting
