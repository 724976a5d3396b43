#pragma once

#include <Poco/URI.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace interlude::streaming::cache {
class EdgeCache;  // streaming/src/cache/EdgeCache.h
}

namespace interlude::streaming::proxy {

// How a request picks among a point's upstreams.
enum class UpstreamPolicy {
  RoundRobin,     // spread requests over the healthy upstreams in turn
  PrimaryBackup,  // the first healthy one in config order
};

// What an `origin` point's config says about its upstreams; the points
// engineer's settings reader fills it, the Proxy reads it.
struct UpstreamSettings {
  std::vector<Poco::URI> upstreams;  // http:// base URLs; request paths append to their path
  UpstreamPolicy policy = UpstreamPolicy::RoundRobin;
  std::chrono::milliseconds connectTimeout{2000};
  std::chrono::milliseconds readTimeout{10000};   // per read/write on either socket
  unsigned failuresBeforeDown = 3;                // consecutive failures that mark one down
  std::chrono::milliseconds probeInterval{5000};  // a down upstream gets one request after this
  std::size_t idleConnectionsPerUpstream = 64;    // keep-alive pool bound
  std::uint64_t maxBitrate = 1600000;      // bits/s; HLS/Smooth variants above it dropped; 0 = off
  std::size_t maxManifestBytes = 4 << 20;  // a bigger manifest is a 502
  // The point's edge cache, kept across reloads by the points module; null: none.
  std::shared_ptr<cache::EdgeCache> cache;
};

}  // namespace interlude::streaming::proxy
