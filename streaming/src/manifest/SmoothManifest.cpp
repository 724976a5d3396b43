#include "manifest/SmoothManifest.h"

#include <libxml/tree.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "Decimal.h"
#include "interlude/core/Diagnostic.h"
#include "interlude/core/XmlDocument.h"
#include "manifest/ManifestFilter.h"

namespace interlude::streaming::manifest {

namespace {

constexpr const char* kDisplayName = "manifest";

std::vector<xmlNode*> childElements(xmlNode* parent, const char* name) {
  std::vector<xmlNode*> children;
  for (auto* child = parent->children; child; child = child->next) {
    if (core::xmlIsElement(child, name)) children.push_back(child);
  }
  return children;
}

std::optional<std::uint64_t> decimal(const std::string& text) {
  return parseDecimal<std::uint64_t>(text);
}

void setNumber(xmlNode* node, const char* name, std::uint64_t value) {
  xmlSetProp(node, reinterpret_cast<const xmlChar*>(name),
             reinterpret_cast<const xmlChar*>(std::to_string(value).c_str()));
}

// Unlinks and frees an element with the indentation before it.
void removeElement(xmlNode* node) {
  if (auto* before = node->prev;
      before && before->type == XML_TEXT_NODE && xmlIsBlankNode(before)) {
    xmlUnlinkNode(before);
    xmlFreeNode(before);
  }
  xmlUnlinkNode(node);
  xmlFreeNode(node);
}

// The largest value of `name` over the levels, if any level has it as a number.
std::optional<std::uint64_t> largest(const std::vector<xmlNode*>& levels, const char* name) {
  std::optional<std::uint64_t> most;
  for (const auto* level : levels) {
    if (const auto value = decimal(core::xmlAttribute(level, name))) {
      most = std::max(most.value_or(0), *value);
    }
  }
  return most;
}

class SmoothFilter {
 public:
  explicit SmoothFilter(const core::XmlDocument& doc) : doc_(doc) {}

  // True when something was dropped.
  bool filterStream(xmlNode* stream, std::uint64_t maxBitrate) {
    auto levels = childElements(stream, "QualityLevel");
    if (levels.empty()) return false;
    std::vector<std::uint64_t> bitrates;
    for (const auto* level : levels) bitrates.push_back(bitrateOf(level));

    // A StreamIndex without QualityLevel cannot play: when all exceed, the lowest stays.
    const auto lowest = *std::min_element(bitrates.begin(), bitrates.end());
    bool keepLowest = lowest > maxBitrate;
    std::vector<xmlNode*> kept;
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (bitrates[i] <= maxBitrate || (keepLowest && bitrates[i] == lowest)) {
        kept.push_back(levels[i]);
        keepLowest = keepLowest && bitrates[i] != lowest;
      }
    }
    if (kept.size() == levels.size()) return false;
    for (auto* level : levels) {
      if (std::find(kept.begin(), kept.end(), level) == kept.end()) removeElement(level);
    }
    renumber(stream, kept);
    return true;
  }

 private:
  std::uint64_t bitrateOf(const xmlNode* level) const {
    if (const auto bitrate = decimal(core::xmlAttribute(level, "Bitrate"))) return *bitrate;
    throw ManifestError(doc_.position(level).line, "Bitrate",
                        "QualityLevel without a decimal Bitrate");
  }

  // Index consecutive from 0, and the StreamIndex's summary attributes true again.
  static void renumber(xmlNode* stream, const std::vector<xmlNode*>& kept) {
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

  const core::XmlDocument& doc_;
};

std::string serialise(xmlDoc* doc) {
  xmlChar* memory = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &memory, &size,
                      doc->encoding ? reinterpret_cast<const char*>(doc->encoding) : "UTF-8");
  struct Free {
    void operator()(xmlChar* memory) const { xmlFree(memory); }
  };
  const std::unique_ptr<xmlChar, Free> owned(memory);
  if (!memory) throw ManifestError(0, "encoding", "the manifest cannot be written back");
  return std::string(reinterpret_cast<const char*>(memory), static_cast<std::size_t>(size));
}

}  // namespace

bool looksLikeSmoothManifest(std::string_view body) {
  // IIS writes some manifests in UTF-16: its byte order mark is enough to try.
  return body.find("<SmoothStreamingMedia") != std::string_view::npos ||
         body.starts_with("\xFF\xFE") || body.starts_with("\xFE\xFF");
}

std::string filterSmoothManifest(std::string_view body, std::uint64_t maxBitrate) {
  std::optional<core::XmlDocument> doc;
  try {
    doc.emplace(core::XmlDocument::parseText(std::string(body), kDisplayName));
  } catch (const core::InputError& e) {
    if (e.diagnostics().empty()) throw ManifestError(0, "xml", e.what());
    const auto& first = e.diagnostics().front();
    throw ManifestError(first.line, "xml", first.message);
  }
  auto* root = doc->root();
  if (!root || !core::xmlIsElement(root, "SmoothStreamingMedia")) {
    throw ManifestError(0, "SmoothStreamingMedia", "not a Smooth Streaming client manifest");
  }
  if (maxBitrate == 0) return std::string(body);
  SmoothFilter filter(*doc);
  bool changed = false;
  for (auto* stream : childElements(root, "StreamIndex")) {
    changed = filter.filterStream(stream, maxBitrate) || changed;
  }
  return changed ? serialise(doc->get()) : std::string(body);
}

}  // namespace interlude::streaming::manifest
