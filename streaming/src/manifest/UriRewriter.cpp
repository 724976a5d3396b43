#include "manifest/UriRewriter.h"

#include "interlude/core/Text.h"
#include "manifest/UriReference.h"

namespace interlude::streaming::manifest {

namespace {

std::string withTrailingSlash(std::string text) {
  if (text.empty() || text.back() != '/') text += '/';
  return text;
}

// scheme://host:port with the default port made explicit, for comparing
// origins; empty for anything but plain http(s) with a host.
std::string originOf(const UriReference& uri) {
  if (!uri.scheme || !uri.authority || uri.authority->empty() ||
      uri.authority->find('@') != std::string_view::npos) {
    return {};
  }
  const auto scheme = core::toLower(*uri.scheme);
  if (scheme != "http" && scheme != "https") return {};
  auto authority = core::toLower(*uri.authority);
  const auto colon = authority.rfind(':');
  if (colon == std::string::npos || authority.find(']', colon) != std::string::npos) {
    authority += scheme == "http" ? ":80" : ":443";
  } else if (colon + 1 == authority.size()) {
    authority += scheme == "http" ? "80" : "443";
  }
  return scheme + "://" + authority;
}

}  // namespace

UriRewriter::UriRewriter(const ManifestRewrite& rewrite)
    : manifestUrl_(rewrite.manifestUrl), publicPrefix_(withTrailingSlash(rewrite.publicPrefix)) {
  for (const auto& text : rewrite.upstreamBases) {
    const auto base = UriReference::split(text);
    bases_.push_back({originOf(base), withTrailingSlash(std::string(base.path))});
  }
}

std::string UriRewriter::rewrite(std::string_view uri) const {
  const auto reference = UriReference::split(uri);
  if (reference.scheme && originOf(reference).empty()) return std::string(uri);
  const bool relative = !reference.scheme;
  const auto absolute = relative ? resolveReference(manifestUrl_, uri) : std::string(uri);
  const auto target = UriReference::split(absolute);
  const auto origin = originOf(target);
  for (const auto& base : bases_) {
    if (origin.empty() || origin != base.origin || !target.path.starts_with(base.path)) continue;
    auto rest = target;
    rest.scheme.reset();
    rest.authority.reset();
    rest.path = target.path.substr(base.path.size());
    return publicPrefix_ + rest.str();
  }
  return relative ? absolute : std::string(uri);
}

}  // namespace interlude::streaming::manifest
