#pragma once

#include "interlude/core/Plugin.h"

namespace interlude::streaming {

// Publishing points: reads the <streaming> sections of the config, answers the
// points' URL prefixes (proxy, multicast relay, on-demand folder) and the
// /api/points admin routes.
class StreamingPlugin : public core::Plugin {
 public:
  std::string name() const override { return "streaming"; }
  void configure(core::PluginContext& context) override;
};

}  // namespace interlude::streaming
