#include "interlude/streaming/StreamingPlugin.h"

#include <map>
#include <set>

#include "points/PointControls.h"
#include "points/PointEntries.h"
#include "points/PointServices.h"
#include "points/PointSettingsReader.h"
#include "points/PointsApi.h"
#include "points/SitePointsHandler.h"

namespace interlude::streaming {
namespace {

using points::Point;
using PointList = std::vector<std::shared_ptr<const Point>>;

constexpr const char* kHandlerName = "streaming-points";

const core::SiteConfig& siteNamed(const core::Config& config, const std::string& name) {
  for (const auto& site : config.sites) {
    if (site.name == name) return site;
  }
  throw std::logic_error("no site " + name);
}

// Brings a point to the state its lasting control says, or, for a point seen
// the first time, to the state the config gives it. A point that cannot start
// stays stopped (logged): the server serves the rest.
void settle(const Point& point, bool fresh, Poco::Logger& log) {
  try {
    if (fresh && point.settings().initialState == points::PointState::Started) {
      point.start();
    } else {
      point.resume();
    }
  } catch (const std::exception& e) {
    log.error("point " + point.settings().name + " cannot start: " + e.what());
  }
}

// How players join a multicast point's group themselves (VLC's syntax).
std::string multicastUrl(const points::PointSettings& point) {
  if (point.kind != points::PointKind::Multicast) return {};
  const auto scheme = point.group.transport == multicast::Transport::Rtp ? "rtp://@" : "udp://@";
  return scheme + point.group.group.toString();
}

}  // namespace

void StreamingPlugin::configure(core::PluginContext& context) {
  context.claimNamespace(points::kStreamingNamespace);
  const auto& config = context.config();
  const auto sites = points::readPoints(config);
  auto controls = context.lasting<points::PointControls>(points::PointControls::kServiceName, [] {
    return std::make_shared<points::PointControls>();
  });

  PointList all;
  std::map<std::string, PointList> bySite;
  std::set<std::string> prefixes;
  points::PointEntries::Links links;
  for (const auto& site : sites) {
    const auto& siteConfig = siteNamed(config, site.site);
    for (const auto& settings : site.points) {
      auto service = points::makePointService(settings, siteConfig, context);
      auto [control, fresh] = controls->of(settings.name);
      auto point = std::make_shared<const Point>(settings, std::move(control), std::move(service),
                                                 context.metrics());
      settle(*point, fresh, context.logger());
      prefixes.insert(settings.prefix);
      links[site.site][settings.name] = {settings.prefix, multicastUrl(settings)};
      bySite[site.site].push_back(point);
      all.push_back(std::move(point));
    }
  }
  points::addPointsApi(context, all);
  if (all.empty()) return;

  const auto server = config.server;
  // The router asks for the handler once per prefix: one handler per site serves them all.
  auto built = std::make_shared<std::map<std::string, std::shared_ptr<const core::Handler>>>();
  context.addHandler(kHandlerName, [bySite, server, built](const core::HandlerSetup& setup) {
    auto& handler = (*built)[setup.site.name];
    if (handler) return handler;
    auto files = std::make_shared<const core::StaticFileHandler>(setup.site, setup.mime, server);
    const auto it = bySite.find(setup.site.name);
    if (it == bySite.end()) {
      handler = files;
    } else {
      handler = std::make_shared<const points::SitePointsHandler>(it->second, files);
    }
    return handler;
  });
  for (const auto& prefix : prefixes) context.mapPrefix(prefix, kHandlerName);
  context.mapPrefix(std::string(points::SitePointsHandler::kSdpPrefix), kHandlerName);
  // Playlist entries may name the points (the playlists plugin is configured first).
  if (auto playlists = context.service<playlists::PlaylistExtensions>(
          playlists::PlaylistExtensions::kServiceName)) {
    playlists->addStep(std::make_shared<points::PointEntries>(std::move(links), context.logger()));
  }
}

}  // namespace interlude::streaming
