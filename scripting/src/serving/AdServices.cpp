#include "AdServices.h"

#include "interlude/scripting/AdCatalogCache.h"

namespace interlude::scripting {

AdServices::AdServices(core::PluginContext& context, const AdServingDeps& d,
                       std::shared_ptr<TrackingDispatcher> dispatcher)
    : deps(d),
      store(context.sessions()),
      log(context.logger()),
      stats(*deps.stats),
      tracker(context.sessions(), stats, std::move(dispatcher), deps.httpsTrust),
      beacons(context.tokens(), context.sessions()) {}

const AdServingSite* AdServices::site(const std::string& name) const {
  const auto it = deps.sites.find(name);
  return it == deps.sites.end() ? nullptr : &it->second;
}

std::shared_ptr<const AdCatalog> AdServices::catalog(const std::string& name) const {
  const auto* s = site(name);
  return s && s->catalog ? s->catalog->current() : nullptr;
}

}  // namespace interlude::scripting
