#include "manifest/DashManifest.h"

#include "manifest/XmlManifest.h"

namespace interlude::streaming::manifest {

namespace {

// The AdaptationSet's summary attributes, from what its Representations say.
void summarise(xmlNode* set, const std::vector<xmlNode*>& kept) {
  static constexpr std::pair<const char*, const char*> kSummaries[] = {
      {"maxBandwidth", "bandwidth"}, {"maxWidth", "width"}, {"maxHeight", "height"}};
  for (const auto& [summary, attribute] : kSummaries) {
    if (!core::xmlHasAttribute(set, summary)) continue;
    if (const auto most = largest(kept, attribute)) setNumber(set, summary, *most);
  }
}

// Rewrites the BaseURL and Location elements under `node` whose value is not a
// relative path (those resolve against their parents, which stay put).
bool rewriteUrls(xmlNode* node, const UriRewriter& uris) {
  bool changed = false;
  for (auto* child = node->children; child; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (core::xmlIsElement(child, "BaseURL") || core::xmlIsElement(child, "Location")) {
      const auto value = core::xmlText(child);
      const bool relativePath =
          value.empty() || (value.front() != '/' && value.find(':') == std::string::npos);
      if (relativePath) continue;
      const auto rewritten = uris.rewrite(value);
      if (rewritten == value) continue;
      xmlNodeSetContent(child, nullptr);
      xmlAddChild(child, xmlNewText(reinterpret_cast<const xmlChar*>(rewritten.c_str())));
      changed = true;
    } else {
      changed = rewriteUrls(child, uris) || changed;
    }
  }
  return changed;
}

}  // namespace

bool looksLikeDashManifest(std::string_view body) {
  return body.find("<MPD") != std::string_view::npos;
}

std::string filterDashManifest(std::string_view body, const UriRewriter& uris,
                               std::uint64_t maxBitrate) {
  const auto manifest = XmlManifest::parse(body, "MPD");
  bool changed = rewriteUrls(manifest.root(), uris);
  for (auto* period : childElements(manifest.root(), "Period")) {
    for (auto* set : childElements(period, "AdaptationSet")) {
      if (const auto kept = manifest.dropAbove(set, "Representation", "bandwidth", maxBitrate)) {
        summarise(set, *kept);
        changed = true;
      }
    }
  }
  return changed ? manifest.serialise() : std::string(body);
}

}  // namespace interlude::streaming::manifest
