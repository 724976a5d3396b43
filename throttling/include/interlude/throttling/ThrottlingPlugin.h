#pragma once

#include "interlude/core/Plugin.h"

namespace interlude::throttling {

// Bit rate throttling: reads the <throttling> sections of the config, paces
// static file bodies of the sites they cover, and answers GET /api/throttle on
// the admin listener with the downloads in progress.
class ThrottlingPlugin : public core::Plugin {
 public:
  std::string name() const override { return "throttling"; }
  void configure(core::PluginContext& context) override;
};

}  // namespace interlude::throttling
