#include "points/PointTarget.h"

#include <Poco/URI.h>

namespace interlude::streaming::points {
namespace {

// The path of an origin-form or absolute-form request target.
std::string_view rawPathOf(std::string_view uri) {
  if (!uri.starts_with('/')) {
    const auto scheme = uri.find("://");
    const auto path = scheme == std::string_view::npos ? uri.size() : uri.find('/', scheme + 3);
    uri = path == std::string_view::npos ? std::string_view("/") : uri.substr(path);
  }
  return uri.substr(0, uri.find_first_of("?#"));
}

}  // namespace

PointTarget pointTarget(const std::string& prefix, const core::RequestPath& target,
                        const std::string& uri) {
  PointTarget out{{target.path.substr(prefix.size() - 1), target.query, target.trailingSlash}, {}};
  const auto rawPath = rawPathOf(uri);
  if (rawPath.starts_with(prefix)) {
    out.raw = rawPath.substr(prefix.size() - 1);
  } else {
    Poco::URI::encode(out.below.path, "?#", out.raw);
  }
  if (!target.query.empty()) out.raw += "?" + target.query;
  return out;
}

}  // namespace interlude::streaming::points
