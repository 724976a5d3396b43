#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "manifest/ManifestFilter.h"

namespace interlude::streaming::manifest {

// Maps the URIs of one manifest so clients fetch them through the point: a URI
// that resolves (against the manifest's upstream URL) under one of the point's
// upstream bases becomes a path under the public prefix. A relative URI that
// resolves outside every base becomes the absolute upstream URL it meant (the
// point cannot proxy it, the client can still fetch it); absolute URIs of other
// hosts and other schemes (skd:, data:) stay as written. URIs keep their bytes:
// nothing is decoded or encoded again.
class UriRewriter {
 public:
  explicit UriRewriter(const ManifestRewrite& rewrite);
  std::string rewrite(std::string_view uri) const;

 private:
  struct Base {
    std::string origin;  // scheme://host:port, lower case, explicit port
    std::string path;    // ends with '/'
  };
  std::string manifestUrl_;
  std::vector<Base> bases_;
  std::string publicPrefix_;  // ends with '/'
};

}  // namespace interlude::streaming::manifest
