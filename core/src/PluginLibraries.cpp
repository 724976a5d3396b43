#include "interlude/core/PluginLibraries.h"

#include <Poco/Exception.h>

#include <stdexcept>

namespace interlude::core {

PluginFactory PluginLibraries::load(const std::string& path) {
  std::lock_guard lock(mutex_);
  if (const auto it = factories_.find(path); it != factories_.end()) return it->second;

  // Check the ABI through a plain dlopen before POCO looks for its manifest, so
  // a plugin built against other headers is refused before any of its code runs.
  auto library = std::make_unique<Poco::SharedLibrary>();
  try {
    library->load(path);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot load plugin: " + e.displayText());
  }
  if (!library->hasSymbol(kPluginAbiSymbol)) {
    throw std::runtime_error(std::string("not an Interlude plugin: no ") + kPluginAbiSymbol +
                             "() symbol (plugin ABI unknown)");
  }
  const auto abi = reinterpret_cast<int (*)()>(library->getSymbol(kPluginAbiSymbol))();
  if (abi != kPluginAbiVersion) {
    throw std::runtime_error("plugin ABI version " + std::to_string(abi) + ", this server needs " +
                             std::to_string(kPluginAbiVersion) + " (rebuild the plugin)");
  }
  try {
    loader_.loadLibrary(path);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot load plugin manifest: " + e.displayText());
  }
  const auto* manifest = loader_.findManifest(path);
  if (!manifest || manifest->size() != 1) {
    throw std::runtime_error("the plugin's POCO manifest must export exactly one Plugin class");
  }
  const auto* meta = *manifest->begin();
  PluginFactory factory = [meta] { return std::unique_ptr<Plugin>(meta->create()); };
  abiChecked_.emplace(path, std::move(library));
  factories_.emplace(path, factory);
  return factory;
}

}  // namespace interlude::core
