#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cache/CacheSettings.h"
#include "interlude/core/Config.h"
#include "multicast/MulticastSettings.h"
#include "proxy/UpstreamSettings.h"

namespace interlude::streaming::points {

enum class PointKind { Origin, Multicast, OnDemand };

// Stopped -> Starting -> Started -> Stopping -> Stopped; only Started serves.
enum class PointState { Stopped, Starting, Started, Stopping };

const char* kindName(PointKind kind);
const char* stateName(PointState state);

// One <point> of a site's <streaming> section.
struct PointSettings {
  std::string name;
  std::string prefix;  // starts and ends with '/'
  PointKind kind = PointKind::OnDemand;
  PointState initialState = PointState::Started;
  std::string rollover;  // a point of the same site, an http(s) URL, or empty
  unsigned retryAfterSeconds = 10;
  std::vector<std::string> denyExtensions;    // lower case, with the dot
  std::string folder;                         // ondemand: absolute
  proxy::UpstreamSettings upstream;           // origin (its cache is made from `cache`)
  std::optional<cache::CacheSettings> cache;  // origin: the edge cache, when configured
  multicast::MulticastSettings group;         // multicast
  core::SourcePos pos;

  bool rolloverIsUrl() const;
};

struct SitePoints {
  std::string site;
  std::vector<PointSettings> points;
};

}  // namespace interlude::streaming::points
