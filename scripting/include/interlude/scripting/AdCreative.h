#pragma once

#include <string>
#include <vector>

#include "interlude/playlists/Resolver.h"

namespace interlude::scripting {

// One ad file and what a VAST <Linear> says of it.
struct AdCreative {
  struct Tracking {
    std::string event;  // "impression", "start", "firstQuartile"... as in VAST
    std::string url;
  };

  std::string id;
  std::string src;  // a path under the site root or an absolute URL
  double durationSeconds = 0;
  std::string mimeType;
  unsigned bitrateKbps = 0;  // 0: unknown
  unsigned width = 0;
  unsigned height = 0;
  std::string delivery = "progressive";  // or "streaming"
  std::string clickThrough;              // empty: none
  std::vector<Tracking> tracking;
  // What a pick puts in a playlist, made once when the catalog is read: kind
  // ad, unskippable, unseekable, titled by the creative, authored by the
  // campaign, adId "campaignId/creativeId", its position the <creative>'s.
  playlists::ResolvedEntry entry;
};

}  // namespace interlude::scripting
