#include "manifest/ManifestFilter.h"

#include "interlude/core/Text.h"
#include "manifest/DashManifest.h"
#include "manifest/HlsPlaylist.h"
#include "manifest/SmoothManifest.h"
#include "manifest/UriRewriter.h"

namespace interlude::streaming::manifest {

namespace {

std::string_view mediaTypeOf(std::string_view contentType) {
  auto type = contentType.substr(0, contentType.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
  return type;
}

bool endsWithIgnoreCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         core::equalsIgnoreCase(text.substr(text.size() - suffix.size()), suffix);
}

}  // namespace

ManifestError::ManifestError(int line, std::string field, const std::string& reason)
    : std::runtime_error(reason), line_(line), field_(std::move(field)) {}

bool isManifestResponse(std::string_view path, std::string_view contentType) {
  static constexpr std::string_view kManifestTypes[] = {
      "application/vnd.apple.mpegurl", "application/x-mpegurl", "audio/mpegurl", "audio/x-mpegurl",
      "application/vnd.ms-sstr+xml",   "application/dash+xml"};
  const auto type = mediaTypeOf(contentType);
  for (const auto manifestType : kManifestTypes) {
    if (core::equalsIgnoreCase(type, manifestType)) return true;
  }
  path = path.substr(0, path.find('?'));
  const auto segment = path.substr(path.rfind('/') + 1);
  return endsWithIgnoreCase(segment, ".m3u8") || endsWithIgnoreCase(segment, ".m3u") ||
         endsWithIgnoreCase(segment, ".mpd") || core::equalsIgnoreCase(segment, "manifest") ||
         core::startsWithIgnoreCase(segment, "manifest(");
}

std::string filterManifest(std::string_view body, const ManifestRewrite& rewrite) {
  if (body.starts_with("#EXTM3U")) {
    return filterHlsPlaylist(body, UriRewriter(rewrite), rewrite.maxBitrate);
  }
  if (looksLikeSmoothManifest(body)) return filterSmoothManifest(body, rewrite.maxBitrate);
  if (looksLikeDashManifest(body)) {
    return filterDashManifest(body, UriRewriter(rewrite), rewrite.maxBitrate);
  }
  return std::string(body);
}

}  // namespace interlude::streaming::manifest
