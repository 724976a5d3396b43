#pragma once

#include <libxml/tree.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "interlude/core/Diagnostic.h"

namespace interlude::core {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

// An XML file parsed safely (no network, no DTD, no entity expansion) that can
// report positions of its nodes as file:line:col.
class XmlDocument {
 public:
  // Throws InputError naming file:line:col for malformed XML or any DOCTYPE.
  static XmlDocument parseFile(const std::string& path);
  static XmlDocument parseText(std::string text, const std::string& displayName);

  xmlDoc* get() const { return doc_.get(); }
  xmlNode* root() const { return xmlDocGetRootElement(doc_.get()); }
  const std::string& file() const { return file_; }

  // Lets a caller reword a violation found at a node (and attribute, if any).
  using Annotate = std::function<void(const xmlNode*, std::string_view attribute, Diagnostic&)>;

  // Validates against an XSD given as text; returns every violation.
  std::vector<Diagnostic> validate(std::string_view xsd, const Annotate& annotate = {}) const;

  // Diagnostic at a node (and optionally one of its attributes).
  Diagnostic at(const xmlNode* node, std::string message, std::string_view attribute = {}) const;

 private:
  XmlDocument(XmlDocPtr doc, std::string file, std::string text);
  int columnOf(const xmlNode* node, std::string_view attribute) const;

  XmlDocPtr doc_;
  std::string file_;
  std::string text_;
};

// Attribute value or empty; `has` tells a missing attribute from an empty one.
std::string xmlAttribute(const xmlNode* node, const char* name);
bool xmlHasAttribute(const xmlNode* node, const char* name);
std::string xmlText(const xmlNode* node);
bool xmlIsElement(const xmlNode* node, const char* localName);

}  // namespace interlude::core
