#pragma once

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <memory>
#include <string>
#include <vector>

#include "interlude/core/XmlDocument.h"

// A VAST or VMAP document written by the tests' subject, queried with XPath
// (prefix v: VAST, m: VMAP).
class VastXml {
 public:
  explicit VastXml(const std::string& text)
      : doc_(xmlReadMemory(text.data(), static_cast<int>(text.size()), "test.xml", nullptr,
                           XML_PARSE_NONET)) {}

  bool parsed() const { return doc_ != nullptr; }

  std::vector<std::string> values(const std::string& xpath) const {
    std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> context(
        xmlXPathNewContext(doc_.get()), xmlXPathFreeContext);
    xmlXPathRegisterNs(context.get(), BAD_CAST "v", BAD_CAST "http://www.iab.com/VAST");
    xmlXPathRegisterNs(context.get(), BAD_CAST "m", BAD_CAST "http://www.iab.net/videosuite/vmap");
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
        xmlXPathEvalExpression(BAD_CAST xpath.c_str(), context.get()), xmlXPathFreeObject);
    std::vector<std::string> out;
    if (!result || !result->nodesetval) return out;
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
      out.push_back(interlude::core::xmlText(result->nodesetval->nodeTab[i]));
    }
    return out;
  }

  std::string value(const std::string& xpath) const {
    const auto all = values(xpath);
    return all.empty() ? "<none>" : all.front();
  }

 private:
  interlude::core::XmlDocPtr doc_;
};
