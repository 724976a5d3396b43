#include "points/PointEntries.h"

#include "interlude/core/Diagnostic.h"
#include "interlude/playlists/Resolver.h"

namespace interlude::streaming::points {

PointEntries::PointEntries(Links links, Poco::Logger& log) : links_(std::move(links)), log_(log) {}

void PointEntries::apply(playlists::Resolution& resolution,
                         const playlists::PlaylistRequest& request) const {
  const auto site = links_.find(request.site);
  const auto linkOf = [&](const std::string& point) -> const Link* {
    if (site == links_.end()) return nullptr;
    const auto it = site->second.find(point);
    return it == site->second.end() ? nullptr : &it->second;
  };
  std::vector<const playlists::ResolvedEntry*> out;
  out.reserve(resolution.entries.size());
  for (const auto* resolved : resolution.entries) {
    const std::string_view src = resolved->entry.src;
    if (!src.starts_with(kScheme)) {
      out.push_back(resolved);
      continue;
    }
    const auto named = src.substr(kScheme.size());
    const auto end = named.find_first_of("/?");
    const auto name = std::string(named.substr(0, end));
    const auto* link = linkOf(name);
    if (!link) {
      const auto& pos = resolved->entry.pos;
      log_.warning(core::Diagnostic{pos.file, pos.line, pos.column,
                                    "entry " + std::string(src) + " skipped: no point \"" + name +
                                        "\" in site " + request.site}
                       .str());
      continue;
    }
    auto rest = end == std::string_view::npos ? std::string_view() : named.substr(end);
    if (rest.starts_with('/')) rest.remove_prefix(1);
    auto linked = *resolved;
    linked.local = false;
    linked.target = link->prefix + std::string(rest);
    if (!link->multicastUrl.empty()) linked.firstRefs = {link->multicastUrl};
    out.push_back(resolution.make(std::move(linked)));
  }
  resolution.entries = std::move(out);
}

}  // namespace interlude::streaming::points
