#pragma once

#include <libxml/tree.h>

#include <string>
#include <vector>

#include "interlude/scripting/VastAd.h"

namespace interlude::scripting {

inline constexpr const char* kVastNamespace = "http://www.iab.com/VAST";

// Writes VAST 4.2: one InLine <Ad> per ad, in order (a pod when they carry
// sequences). With no ad, an empty <VAST> with <Error> when `errorUrl` is set.
// URLs are percent-encoded where they need it; text is XML-escaped by libxml2.
class VastWriter {
 public:
  explicit VastWriter(std::string errorUrl = {}) : errorUrl_(std::move(errorUrl)) {}

  // The <VAST> element as a child of `parent` (the document's root when null).
  xmlNode* append(xmlDoc* doc, xmlNode* parent, const std::vector<VastAd>& ads) const;
  std::string document(const std::vector<VastAd>& ads) const;

 private:
  std::string errorUrl_;
};

// A libxml2 document as UTF-8 text with an XML declaration.
std::string serializeXml(xmlDoc* doc);

}  // namespace interlude::scripting
