#pragma once

#include <vector>

#include "interlude/core/PluginLibraries.h"

namespace interlude::app {

// Plugins compiled into the binary, registered through the same API as an
// external .so. Core's static-file handler is always there; modules add theirs.
std::vector<core::PluginFactory> builtinPlugins();

}  // namespace interlude::app
