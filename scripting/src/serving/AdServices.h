#pragma once

#include <Poco/Logger.h>

#include <map>
#include <memory>
#include <string>

#include "AdBeacons.h"
#include "interlude/scripting/AdCatalog.h"
#include "interlude/scripting/AdServing.h"
#include "interlude/scripting/AdStats.h"
#include "interlude/scripting/AdTracker.h"

namespace interlude::scripting {

// What the ad serving handlers, formats and observer of one configuration share.
class AdServices {
 public:
  AdServices(core::PluginContext& context, const AdServingDeps& deps,
             std::shared_ptr<TrackingDispatcher> dispatcher);

  // Null when the site has no ads.
  const AdServingSite* site(const std::string& name) const;
  // The site's current catalog; null when it has none.
  std::shared_ptr<const AdCatalog> catalog(const std::string& site) const;

  const AdServingDeps deps;
  core::SessionStore& store;
  Poco::Logger& log;
  AdStats& stats;  // deps.stats
  AdTracker tracker;
  AdBeacons beacons;
};

}  // namespace interlude::scripting
