#pragma once

#include <string>
#include <vector>

namespace interlude::scripting {

// One ad file and what a VAST <Linear> says of it.
struct AdCreative {
  struct Tracking {
    std::string event;  // "impression", "start", "firstQuartile"... as in VAST
    std::string url;
  };

  std::string id;
  std::string src;  // a path under the site root or an absolute URL
  // What a pick puts in a playlist, made once when the catalog is read:
  std::string adId;    // "campaignId/creativeId"
  bool local = true;   // src is under the site root (not http:// or https://)
  std::string target;  // local: src as a clean URL path from the root; else src
  double durationSeconds = 0;
  std::string mimeType;
  unsigned bitrateKbps = 0;  // 0: unknown
  unsigned width = 0;
  unsigned height = 0;
  std::string delivery = "progressive";  // or "streaming"
  std::string clickThrough;              // empty: none
  std::vector<Tracking> tracking;
};

}  // namespace interlude::scripting
