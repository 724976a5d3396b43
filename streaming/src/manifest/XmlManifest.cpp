#include "manifest/XmlManifest.h"

#include <algorithm>
#include <memory>

#include "Decimal.h"
#include "interlude/core/Diagnostic.h"
#include "manifest/ManifestFilter.h"

namespace interlude::streaming::manifest {

namespace {

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

}  // namespace

XmlManifest XmlManifest::parse(std::string_view body, const char* rootName) {
  std::optional<core::XmlDocument> doc;
  try {
    doc.emplace(core::XmlDocument::parseText(std::string(body), "manifest"));
  } catch (const core::InputError& e) {
    if (e.diagnostics().empty()) throw ManifestError(0, "xml", e.what());
    const auto& first = e.diagnostics().front();
    throw ManifestError(first.line, "xml", first.message);
  }
  if (!core::xmlIsElement(doc->root(), rootName)) {
    throw ManifestError(0, rootName, std::string("the root element is not ") + rootName);
  }
  return XmlManifest(std::move(*doc));
}

std::optional<std::vector<xmlNode*>> XmlManifest::dropAbove(xmlNode* parent, const char* element,
                                                            const char* bitrate,
                                                            std::uint64_t maxBitrate) const {
  const auto children = childElements(parent, element);
  if (children.empty() || maxBitrate == 0) return std::nullopt;
  std::vector<std::uint64_t> bitrates;
  for (const auto* child : children) {
    const auto value = parseDecimal<std::uint64_t>(core::xmlAttribute(child, bitrate));
    if (!value) {
      throw ManifestError(doc_.position(child).line, bitrate,
                          std::string(element) + " without a decimal " + bitrate);
    }
    bitrates.push_back(*value);
  }
  const auto lowest = *std::min_element(bitrates.begin(), bitrates.end());
  bool keepLowest = lowest > maxBitrate;
  std::vector<xmlNode*> kept;
  for (std::size_t i = 0; i < children.size(); ++i) {
    if (bitrates[i] <= maxBitrate || (keepLowest && bitrates[i] == lowest)) {
      kept.push_back(children[i]);
      keepLowest = keepLowest && bitrates[i] != lowest;
    }
  }
  if (kept.size() == children.size()) return std::nullopt;
  for (auto* child : children) {
    if (std::find(kept.begin(), kept.end(), child) == kept.end()) removeElement(child);
  }
  return kept;
}

std::string XmlManifest::serialise() const {
  xmlChar* memory = nullptr;
  int size = 0;
  xmlDoc* doc = doc_.get();
  xmlDocDumpMemoryEnc(doc, &memory, &size,
                      doc->encoding ? reinterpret_cast<const char*>(doc->encoding) : "UTF-8");
  struct Free {
    void operator()(xmlChar* memory) const { xmlFree(memory); }
  };
  const std::unique_ptr<xmlChar, Free> owned(memory);
  if (!memory) throw ManifestError(0, "encoding", "the manifest cannot be written back");
  return std::string(reinterpret_cast<const char*>(memory), static_cast<std::size_t>(size));
}

std::vector<xmlNode*> childElements(xmlNode* parent, const char* name) {
  std::vector<xmlNode*> children;
  for (auto* child = parent->children; child; child = child->next) {
    if (core::xmlIsElement(child, name)) children.push_back(child);
  }
  return children;
}

void setNumber(xmlNode* node, const char* name, std::uint64_t value) {
  xmlSetProp(node, reinterpret_cast<const xmlChar*>(name),
             reinterpret_cast<const xmlChar*>(std::to_string(value).c_str()));
}

std::optional<std::uint64_t> largest(const std::vector<xmlNode*>& nodes, const char* name) {
  std::optional<std::uint64_t> most;
  for (const auto* node : nodes) {
    if (const auto value = parseDecimal<std::uint64_t>(core::xmlAttribute(node, name))) {
      most = std::max(most.value_or(0), *value);
    }
  }
  return most;
}

}  // namespace interlude::streaming::manifest
