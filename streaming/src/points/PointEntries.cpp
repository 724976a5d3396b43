#include "points/PointEntries.h"

#include "interlude/core/Diagnostic.h"
#include "interlude/playlists/Resolver.h"

namespace interlude::streaming::points {

PointEntries::PointEntries(Links links, Poco::Logger& log) : links_(std::move(links)), log_(log) {}

void PointEntries::apply(playlists::ResolvedPlaylist& playlist,
                         const playlists::PlaylistRequest& request) const {
  const auto site = links_.find(request.site);
  const auto linkOf = [&](const std::string& point) -> const Link* {
    if (site == links_.end()) return nullptr;
    const auto it = site->second.find(point);
    return it == site->second.end() ? nullptr : &it->second;
  };
  std::erase_if(playlist.entries, [&](playlists::ResolvedEntry& resolved) {
    const std::string_view src = resolved.entry.src;
    if (!src.starts_with(kScheme)) return false;
    const auto named = src.substr(kScheme.size());
    const auto end = named.find_first_of("/?");
    const auto name = std::string(named.substr(0, end));
    const auto* link = linkOf(name);
    if (!link) {
      const auto& pos = resolved.entry.pos;
      log_.warning(core::Diagnostic{pos.file, pos.line, pos.column,
                                    "entry " + std::string(src) + " skipped: no point \"" + name +
                                        "\" in site " + request.site}
                       .str());
      return true;
    }
    auto rest = end == std::string_view::npos ? std::string_view() : named.substr(end);
    if (rest.starts_with('/')) rest.remove_prefix(1);
    resolved.local = false;
    resolved.target = link->prefix + std::string(rest);
    if (!link->multicastUrl.empty()) resolved.firstRefs = {link->multicastUrl};
    return false;
  });
}

}  // namespace interlude::streaming::points
