#pragma once

#include <Poco/Logger.h>

#include <map>
#include <string>

#include "interlude/playlists/PlaylistExtensions.h"

namespace interlude::streaming::points {

// Web playlist entries that name a publishing point of the site the playlist
// is asked on: src="point:NAME" or "point:NAME/rest?query". They become the
// point's URL path (prefix + rest), delivered by a redirect from the entry URL,
// so the viewer reaches the point (and its rollover) like any other client; a
// multicast point's group URL comes first (ASX lists it before the entry link).
// An entry naming no point of the site is dropped with a warning at its position.
class PointEntries : public playlists::ResolverStep {
 public:
  static constexpr std::string_view kScheme = "point:";
  struct Link {
    std::string prefix;
    std::string multicastUrl;  // udp://@GROUP:PORT or rtp://@GROUP:PORT; empty: not multicast
  };
  using Links = std::map<std::string, std::map<std::string, Link>>;  // by site, then point

  PointEntries(Links links, Poco::Logger& log);
  void apply(playlists::Resolution& resolution,
             const playlists::PlaylistRequest& request) const override;
  bool perRequest() const override { return false; }  // the site's points only

 private:
  Links links_;
  Poco::Logger& log_;
};

}  // namespace interlude::streaming::points
