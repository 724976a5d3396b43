#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace interlude::scripting {

// One InLine ad of a VAST document with a single Linear creative.
struct VastAd {
  struct MediaFile {
    std::string url;
    std::string type;  // MIME type
    std::string delivery = "progressive";
    unsigned width = 0;
    unsigned height = 0;
    unsigned bitrateKbps = 0;    // 0: unknown, not written
    std::uint64_t fileSize = 0;  // 0: unknown, not written
  };
  struct Tracking {
    std::string event;  // start, firstQuartile, midpoint, thirdQuartile, complete...
    std::string url;
  };

  std::string id;
  unsigned sequence = 0;  // position in a pod, from 1; 0: not in a pod
  std::string adSystem = "Interlude";
  std::string title;
  std::string creativeId;
  double durationSeconds = 0;
  std::vector<std::string> impressions;
  std::vector<std::string> errors;
  std::vector<Tracking> tracking;
  std::string clickThrough;
  std::vector<std::string> clickTracking;
  std::vector<MediaFile> mediaFiles;
};

}  // namespace interlude::scripting
