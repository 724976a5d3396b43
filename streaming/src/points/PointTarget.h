#pragma once

#include <string>

#include "interlude/core/RequestPath.h"

namespace interlude::streaming::points {

// A request below a point's prefix, as the point's service sees it.
struct PointTarget {
  core::RequestPath below;  // decoded and normalised, starting with '/'; the raw query
  std::string raw;          // path and query as the client sent them, for upstreams
};

// The part of a request below `prefix` (which starts and ends with '/'):
// `target` is the request's parsed path, `uri` its raw request target. The raw
// form keeps the client's encoding (Smooth Streaming paths such as
// QualityLevels(400000)/Fragments(video=0) reach upstreams unescaped); when the
// raw path does not start with the prefix literally (an encoded or dot segment
// in it), the decoded path is encoded again.
PointTarget pointTarget(const std::string& prefix, const core::RequestPath& target,
                        const std::string& uri);

}  // namespace interlude::streaming::points
