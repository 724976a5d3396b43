#include "manifest/SmoothManifest.h"

#include "manifest/XmlManifest.h"

namespace interlude::streaming::manifest {

namespace {

// Index consecutive from 0, and the StreamIndex's summary attributes true again.
void renumber(xmlNode* stream, const std::vector<xmlNode*>& kept) {
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (core::xmlHasAttribute(kept[i], "Index")) setNumber(kept[i], "Index", i);
  }
  if (core::xmlHasAttribute(stream, "QualityLevels")) {
    setNumber(stream, "QualityLevels", kept.size());
  }
  for (const char* size : {"MaxWidth", "MaxHeight"}) {
    if (!core::xmlHasAttribute(stream, size)) continue;
    if (const auto most = largest(kept, size)) setNumber(stream, size, *most);
  }
}

}  // namespace

bool looksLikeSmoothManifest(std::string_view body) {
  // IIS writes some manifests in UTF-16: its byte order mark is enough to try.
  return body.find("<SmoothStreamingMedia") != std::string_view::npos ||
         body.starts_with("\xFF\xFE") || body.starts_with("\xFE\xFF");
}

std::string filterSmoothManifest(std::string_view body, std::uint64_t maxBitrate) {
  const auto manifest = XmlManifest::parse(body, "SmoothStreamingMedia");
  bool changed = false;
  for (auto* stream : childElements(manifest.root(), "StreamIndex")) {
    if (const auto kept = manifest.dropAbove(stream, "QualityLevel", "Bitrate", maxBitrate)) {
      renumber(stream, *kept);
      changed = true;
    }
  }
  return changed ? manifest.serialise() : std::string(body);
}

}  // namespace interlude::streaming::manifest
