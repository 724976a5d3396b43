// A plugin that claims another ABI version: the server must refuse to load it.
#include <Poco/ClassLibrary.h>

#include "interlude/core/Plugin.h"

namespace {
class BadAbiPlugin : public interlude::core::Plugin {
 public:
  std::string name() const override { return "bad-abi"; }
  void configure(interlude::core::PluginContext&) override {}
};
}  // namespace

extern "C" int interlude_plugin_abi() { return interlude::core::kPluginAbiVersion + 1000; }

POCO_BEGIN_MANIFEST(interlude::core::Plugin)
POCO_EXPORT_CLASS(BadAbiPlugin)
POCO_END_MANIFEST
