#include "interlude/scripting/AdServing.h"

#include "AdFormat.h"
#include "AdServices.h"
#include "AdsReport.h"
#include "BeaconHandler.h"
#include "TrackingObserver.h"
#include "VastRequestHandler.h"
#include "interlude/core/Responses.h"
#include "interlude/scripting/AdStats.h"
#include "interlude/scripting/TrackingDispatcher.h"

namespace interlude::scripting {

void registerAdServing(core::PluginContext& context, playlists::PlaylistExtensions& extensions,
                       const AdServingDeps& deps) {
  auto& metrics = context.metrics();
  auto& log = context.logger();
  // Queued hits keep going through reloads: the first configuration sizes it.
  const auto dispatcher = context.lasting<TrackingDispatcher>("scripting.tracking", [&] {
    return std::make_shared<TrackingDispatcher>(deps.tracking, metrics, log);
  });
  auto shared = deps;
  if (!shared.stats) shared.stats = std::make_shared<AdStats>(context.sessions(), metrics);
  const auto services = std::make_shared<const AdServices>(context, shared, dispatcher);
  extensions.addFormat("vast", std::make_shared<AdFormat>(AdFormat::Kind::Vast, services));
  extensions.addFormat("vmap", std::make_shared<AdFormat>(AdFormat::Kind::Vmap, services));
  extensions.addEntryObserver(std::make_shared<TrackingObserver>(services));
  context.addHandler("ads-vast", [services](const core::HandlerSetup& setup) {
    return std::make_shared<const VastRequestHandler>(setup.site.name, setup.site.root, services);
  });
  context.mapPrefix("/_/ads/vast", "ads-vast");
  context.addHandler("ads-beacon", [services](const core::HandlerSetup& setup) {
    return std::make_shared<const BeaconHandler>(setup.site.name, services);
  });
  context.mapPrefix(AdBeacons::kPrefix, "ads-beacon");
  context.addAdminRoute("GET", "/api/ads", [services](auto&, auto& response) {
    core::sendText(response, 200, "application/json", adsReportJson(*services));
  });
}

}  // namespace interlude::scripting
