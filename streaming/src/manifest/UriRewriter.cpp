#include "manifest/UriRewriter.h"

#include <Poco/Exception.h>

#include "interlude/core/Text.h"

namespace interlude::streaming::manifest {

namespace {

std::string withTrailingSlash(std::string text) {
  if (text.empty() || text.back() != '/') text += '/';
  return text;
}

bool isHttp(const Poco::URI& uri) {
  return core::equalsIgnoreCase(uri.getScheme(), "http") ||
         core::equalsIgnoreCase(uri.getScheme(), "https");
}

}  // namespace

UriRewriter::UriRewriter(const ManifestRewrite& rewrite)
    : manifestUrl_(rewrite.manifestUrl), publicPrefix_(withTrailingSlash(rewrite.publicPrefix)) {
  for (const auto& base : rewrite.upstreamBases) {
    Poco::URI uri(base);
    auto path = withTrailingSlash(uri.getPath().empty() ? "/" : uri.getPathEtc());
    bases_.push_back({std::move(uri), std::move(path)});
  }
}

std::string UriRewriter::rewrite(std::string_view uri) const {
  Poco::URI target;
  bool relative = false;
  try {
    target = Poco::URI(std::string(uri));
    relative = target.isRelative();
    if (relative) {
      Poco::URI resolved = manifestUrl_;
      resolved.resolve(target);
      target = std::move(resolved);
    } else if (!isHttp(target)) {
      return std::string(uri);
    }
  } catch (const Poco::SyntaxException&) {
    return std::string(uri);
  }
  for (const auto& base : bases_) {
    if (!core::equalsIgnoreCase(target.getScheme(), base.uri.getScheme()) ||
        !core::equalsIgnoreCase(target.getHost(), base.uri.getHost()) ||
        target.getPort() != base.uri.getPort()) {
      continue;
    }
    const auto pathEtc = target.getPathEtc();
    if (pathEtc.compare(0, base.path.size(), base.path) == 0) {
      return publicPrefix_ + pathEtc.substr(base.path.size());
    }
  }
  return relative ? target.toString() : std::string(uri);
}

}  // namespace interlude::streaming::manifest
