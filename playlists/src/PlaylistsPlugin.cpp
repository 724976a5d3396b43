#include "interlude/playlists/PlaylistsPlugin.h"

#include <Poco/Path.h>

#include "EntryRequestHandler.h"
#include "PlaylistRequestHandler.h"
#include "SessionsApi.h"
#include "interlude/playlists/AsxDocument.h"
#include "interlude/playlists/PlaylistExtensions.h"

namespace interlude::playlists {
namespace {

constexpr std::string_view kFormatParam = "format:";

// format:NAME params of a site mapping -> NAME: absolute .xsl path.
std::map<std::string, std::string> siteFormats(const core::Params& params,
                                               const Poco::Path& configDir) {
  std::map<std::string, std::string> formats;
  for (const auto& [name, value] : params) {
    if (name.starts_with(kFormatParam)) {
      formats[name.substr(kFormatParam.size())] = Poco::Path(configDir).resolve(value).toString();
    }
  }
  return formats;
}

}  // namespace

void PlaylistsPlugin::configure(core::PluginContext& context) {
  // The .isx provider registers like any other; later plugins add theirs and steps.
  auto extensions = withBuiltinProviders();
  context.provide(PlaylistExtensions::kServiceName, extensions);
  auto cache = std::make_shared<PlaylistCache>();
  auto& sessions = context.sessions();
  const auto& signer = context.tokens();
  const auto server = context.config().server;
  const auto configDir = Poco::Path(context.config().file).parent();

  context.addHandler("playlist", [cache, extensions, &sessions, &signer, configDir,
                                  server](const core::HandlerSetup& setup) {
    auto formats = std::make_shared<const FormatRegistry>(siteFormats(setup.params, configDir));
    return std::make_shared<const PlaylistRequestHandler>(
        setup.site, cache, extensions, sessions, signer, std::move(formats),
        std::chrono::milliseconds(server.fileCacheMilliseconds));
  });
  context.mapExtension(".isx", "playlist");

  auto inProgress = std::make_shared<DeliveriesInProgress>();
  context.addHandler("playlist-entry", [server, &sessions, &signer, inProgress,
                                        extensions](const core::HandlerSetup& setup) {
    return std::make_shared<const EntryRequestHandler>(setup.site, setup.mime, server, sessions,
                                                       signer, inProgress, extensions);
  });
  context.mapPrefix(kEntryPrefix, "playlist-entry");
  addSessionsApi(context);
}

}  // namespace interlude::playlists
