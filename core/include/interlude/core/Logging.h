#pragma once

#include "interlude/core/Config.h"

namespace interlude::core {

// Points every "interlude.*" logger at the configured error log and level.
// Throws std::runtime_error naming the file when it cannot be opened.
void configureErrorLog(const LoggingConfig& logging);

}  // namespace interlude::core
