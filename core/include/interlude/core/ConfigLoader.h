#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "interlude/core/Config.h"

namespace interlude::core {

// A command-line override: `key=value`, applied to the XML before validation.
// Key syntax: dotted element path from the root, last part the attribute
// (`logging.level`, `server.listen.reusePort`); `site:NAME` selects a site by name.
struct Override {
  std::string key;
  std::string value;
  static Override parse(const std::string& text);  // throws InputError
};

// Parses, validates against core/schema/config.xsd and resolves a config file.
// Throws InputError with every problem found, each as file:line:col.
Config loadConfig(const std::string& path, const std::vector<Override>& overrides = {});

// The config schema (core/schema/config.xsd), compiled into the binary.
std::string_view configSchema();

}  // namespace interlude::core
