#include "points/PointServices.h"

#include "cache/EdgeCache.h"
#include "interlude/core/Diagnostic.h"
#include "points/MulticastService.h"
#include "points/OnDemandService.h"
#include "points/OriginService.h"
#include "points/PointRelays.h"

namespace interlude::streaming::points {
namespace {

// The point's upstream settings with its edge cache, which lasts across reloads
// (its index and counters stay) as long as its folder is the same.
proxy::UpstreamSettings upstreamOf(const PointSettings& point, core::PluginContext& context) {
  auto settings = point.upstream;
  if (!point.cache) return settings;
  try {
    settings.cache =
        context.lasting<cache::EdgeCache>("streaming.cache:" + point.cache->folder, [&] {
          return std::make_shared<cache::EdgeCache>(*point.cache, point.name, context.metrics());
        });
  } catch (const std::exception& e) {
    throw core::InputError(
        {{point.pos.file, point.pos.line, point.pos.column, std::string("cache: ") + e.what()}});
  }
  return settings;
}

}  // namespace

std::unique_ptr<PointService> makePointService(const PointSettings& point,
                                               const core::SiteConfig& site,
                                               core::PluginContext& context) {
  switch (point.kind) {
    case PointKind::OnDemand:
      return std::make_unique<OnDemandService>(point.prefix, site, point.folder,
                                               context.config().server);
    case PointKind::Multicast: {
      auto relays = context.lasting<PointRelays>(PointRelays::kServiceName,
                                                 [] { return std::make_shared<PointRelays>(); });
      return std::make_unique<MulticastService>(
          relays->of(point.name, point.group, context.metrics()));
    }
    case PointKind::Origin:
      return std::make_unique<OriginService>(
          point.prefix, std::make_unique<const proxy::Proxy>(point.name, upstreamOf(point, context),
                                                             context.metrics(), context.logger()));
  }
  throw std::logic_error("a point of no kind");
}

}  // namespace interlude::streaming::points
