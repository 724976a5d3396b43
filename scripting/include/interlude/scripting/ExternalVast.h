#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "interlude/core/HttpGet.h"
#include "interlude/scripting/AdCreative.h"

namespace interlude::scripting {

// An ad an external ad server answered, wrappers resolved.
struct ExternalAd {
  std::string adSystem;
  std::string title;
  std::vector<std::string> errors;  // <Error> URLs of the inline and its wrappers
  // The chosen MediaFile (src, type, bitrate, size) and Linear (duration,
  // click-through); tracking holds the impressions ("impression"), tracking
  // events and click trackers ("clickTracking") of the inline and every wrapper.
  AdCreative creative;
};

// Fetches ads from external VAST tags: HTTP(S) GET with a timeout per document,
// parsed with libxml2 (no network, no DTD, no entities), <Wrapper>s followed
// through their <VASTAdTagURI> (relative ones against the wrapper's URL) at most
// `maxWrappers` deep. Any failure (timeout, HTTP error, garbage, no ad, no
// playable MediaFile, too deep) gives nothing and one log line.
class ExternalVast {
 public:
  struct Options {
    std::chrono::milliseconds timeout{2000};
    // When the whole fetch, wrappers included, must be over: each GET gets at
    // most what is left of it. Unset: timeout per GET only.
    std::optional<std::chrono::steady_clock::time_point> deadline;
    int maxWrappers = 5;
    // Whom https tags are checked against; null: the system's CA store.
    const core::HttpsTrust* trust = nullptr;
    unsigned targetBitrateKbps = 0;  // MediaFile nearest it; 0: the highest
    // Playable types, best first: among files of equal fit the earlier type wins.
    std::vector<std::string> types = {"video/mp4", "video/webm",     "audio/mpeg",
                                      "audio/mp4", "video/x-ms-wmv", "audio/x-ms-wma"};
  };

  static std::optional<ExternalAd> fetch(const std::string& url, const Options& options,
                                         Poco::Logger& log);
};

}  // namespace interlude::scripting
