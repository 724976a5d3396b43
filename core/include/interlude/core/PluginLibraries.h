#pragma once

#include <Poco/ClassLoader.h>
#include <Poco/SharedLibrary.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "interlude/core/Plugin.h"

namespace interlude::core {

using PluginFactory = std::function<std::unique_ptr<Plugin>()>;

// External plugin libraries, loaded once and never unloaded (handlers built from
// them may outlive a reload by a few requests, like nginx modules).
class PluginLibraries {
 public:
  PluginLibraries() = default;
  PluginLibraries(const PluginLibraries&) = delete;
  PluginLibraries& operator=(const PluginLibraries&) = delete;

  // Loads the library at `path` (once), checks its ABI version and returns a
  // factory for its Plugin class. Throws std::runtime_error with the reason.
  PluginFactory load(const std::string& path);

 private:
  std::mutex mutex_;
  Poco::ClassLoader<Plugin> loader_;
  std::map<std::string, std::unique_ptr<Poco::SharedLibrary>> abiChecked_;
  std::map<std::string, PluginFactory> factories_;
};

}  // namespace interlude::core
