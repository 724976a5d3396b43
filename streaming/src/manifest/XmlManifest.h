#pragma once

#include <libxml/tree.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interlude/core/XmlDocument.h"

namespace interlude::streaming::manifest {

// An XML manifest whose renditions carry a bitrate (Smooth Streaming
// QualityLevel@Bitrate, DASH Representation@bandwidth), parsed safely (no
// network, no DTD: a DOCTYPE is refused).
class XmlManifest {
 public:
  // Throws ManifestError for malformed XML, a DOCTYPE or another root element.
  static XmlManifest parse(std::string_view body, const char* rootName);

  xmlNode* root() const { return doc_.root(); }

  // Drops the `element` children of `parent` whose `bitrate` attribute is above
  // maxBitrate, but never all of them: when every one is above it, the lowest
  // stays (a stream without renditions cannot play). Returns the children kept
  // when some were dropped, else nothing. Throws ManifestError naming the line
  // of a child without a decimal bitrate.
  std::optional<std::vector<xmlNode*>> dropAbove(xmlNode* parent, const char* element,
                                                 const char* bitrate,
                                                 std::uint64_t maxBitrate) const;

  // The document in its own encoding.
  std::string serialise() const;

 private:
  explicit XmlManifest(core::XmlDocument doc) : doc_(std::move(doc)) {}
  core::XmlDocument doc_;
};

std::vector<xmlNode*> childElements(xmlNode* parent, const char* name);
void setNumber(xmlNode* node, const char* name, std::uint64_t value);
// The largest value of attribute `name` over `nodes`, if any has it as a number.
std::optional<std::uint64_t> largest(const std::vector<xmlNode*>& nodes, const char* name);

}  // namespace interlude::streaming::manifest
