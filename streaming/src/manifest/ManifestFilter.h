#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace interlude::streaming::manifest {

// How a manifest fetched from a point's upstream is rewritten for its clients.
struct ManifestRewrite {
  std::string manifestUrl;  // absolute upstream URL the manifest came from: relative URIs resolve
                            // against it
  std::vector<std::string> upstreamBases;  // the point's upstream base URLs
  std::string publicPrefix;            // the point's prefix as clients address it, e.g. "/live/"
  std::uint64_t maxBitrate = 1600000;  // bits/s; variants above it dropped; 0 = no filter
};

// A manifest that cannot be filtered: the proxy answers 502 and logs the line
// (1-based; 0 when the document as a whole is wrong) and the field.
class ManifestError : public std::runtime_error {
 public:
  ManifestError(int line, std::string field, const std::string& reason);
  int line() const { return line_; }
  const std::string& field() const { return field_; }

 private:
  int line_;
  std::string field_;
};

// Whether a response is a manifest this module rewrites (HLS playlist, Smooth
// Streaming client manifest, DASH MPD), from the request path and the Content-Type: the
// proxy reads such a body whole (bounded) and calls filterManifest.
bool isManifestResponse(std::string_view path, std::string_view contentType);

// HLS master playlist: variants (EXT-X-STREAM-INF, EXT-X-I-FRAME-STREAM-INF)
// with a BANDWIDTH above maxBitrate dropped, but never every EXT-X-STREAM-INF:
// when all exceed it the lowest stays, as a master without variants plays nothing.
// HLS media playlist: unchanged but for URIs. In both, URIs (URI lines and
// URI="..." attributes) that resolve under one of the upstream bases become
// paths under the public prefix; other hosts and schemes (skd:, data:) stay.
// Smooth Streaming client manifest: per StreamIndex, QualityLevels above
// maxBitrate dropped (the lowest stays), Index renumbered from 0, the
// QualityLevels, MaxWidth and MaxHeight attributes follow. DASH MPD: per
// AdaptationSet, Representations above maxBitrate dropped (the lowest stays),
// maxBandwidth, maxWidth and maxHeight follow; absolute BaseURL and Location
// values mapped like HLS URIs. The body is sniffed, not trusted to the
// Content-Type; anything else comes back as is.
std::string filterManifest(std::string_view body, const ManifestRewrite& rewrite);

}  // namespace interlude::streaming::manifest
