#include "interlude/playlists/PlaylistTools.h"

#include <Poco/Path.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "interlude/core/ConfinedOpen.h"
#include "interlude/core/HttpError.h"
#include "interlude/core/MimeTypes.h"
#include "interlude/core/TokenSigner.h"
#include "interlude/playlists/AsxDocument.h"
#include "interlude/playlists/Resolver.h"
#include "interlude/playlists/SessionStarter.h"

namespace interlude::playlists {
namespace {

struct Located {
  std::string root;
  std::string urlPath;
};

Located locate(const std::string& path) {
  const auto absolute = std::filesystem::absolute(path);
  return {absolute.parent_path().string(), "/" + absolute.filename().string()};
}

RemoteLookup offline() {
  return [](const std::string&) -> std::string {
    throw std::runtime_error("not fetched by this command");
  };
}

// "point:live/x.m3u8" and other scheme:rest sources are turned into URLs by
// the steps of the configured plugins, which a check without a config lacks.
bool resolvedByAStep(const std::string& src) {
  const auto colon = src.find(':');
  if (colon == 0 || colon == std::string::npos ||
      !std::isalpha(static_cast<unsigned char>(src[0]))) {
    return false;
  }
  return std::all_of(src.begin(), src.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  });
}

}  // namespace

std::vector<core::Diagnostic> checkPlaylist(const std::string& path) {
  const auto [root, urlPath] = locate(path);
  PlaylistCache cache;
  try {
    const auto resolved =
        Resolver(root, cache, offline(), withBuiltinProviders()).resolve({urlPath, {}, {}, {}, {}});
    std::vector<core::Diagnostic> problems;
    const core::ConfinedRoot site(root);
    for (const auto* entry : resolved.entries) {
      const auto& r = *entry;
      if (!r.local || r.entry.isPlaceholder() || resolvedByAStep(r.entry.src)) continue;
      try {
        site.open(r.target);
      } catch (const core::HttpError& e) {
        const auto& pos = r.entry.pos;
        problems.push_back({pos.file, pos.line, pos.column,
                            "media \"" + r.entry.src + "\" (" + r.target + "): " + e.what()});
      }
    }
    return problems;
  } catch (const core::InputError& e) {
    return e.diagnostics();
  } catch (const std::system_error& e) {
    return {{path, 0, 0, e.code().message()}};
  }
}

Rendered renderPlaylist(const std::string& path, const std::string& format,
                        const std::string& baseUrl) {
  const auto [root, urlPath] = locate(path);
  const FormatRegistry formats;
  if (!formats.has(format)) throw std::out_of_range("unknown format \"" + format + "\"");
  PlaylistCache cache;
  const auto resolved =
      Resolver(root, cache, httpLookup(std::chrono::seconds(2)), withBuiltinProviders())
          .resolve({urlPath, {}, {}, {}, {}});
  core::SiteConfig site;
  site.name = "cli";
  site.filters = core::FilterRules::defaults();
  const Session session =
      newSession(planSession(resolved, urlPath, site, core::ConfinedRoot(root), core::MimeTypes()),
                 std::chrono::system_clock::now());
  const core::TokenSigner signer({{"cli", core::TokenSigner::randomSecret()}}, "cli");
  const auto asx =
      buildAsx(session, resolved.head().title, resolved.head().author, baseUrl, signer);
  return formats.render(format, asx.get());
}

}  // namespace interlude::playlists
