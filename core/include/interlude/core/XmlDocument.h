#pragma once

#include <libxml/tree.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "interlude/core/Config.h"
#include "interlude/core/Diagnostic.h"

namespace interlude::core {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

// An XML file parsed safely (no network, no DTD, no entity expansion) that can
// report positions of its nodes as file:line:col.
//
// libxml2 keeps a 16-bit line on nodes, and for an element the line where its
// start tag ends; with XML_PARSE_BIG_LINES an element past line 65535 reports a
// neighbour's line. So the parse records where each start tag ends, and an index
// of line starts, built once, turns offsets into lines and columns: no position
// rescans the text. Without an offset (input the parser transcoded from another
// encoding, nodes added after parsing) the tag is looked for by its name on the
// line where it ends, or before it for a tag over several lines.
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

  // Validates against an XSD given as text; returns every violation. Names in the
  // messages are written as in the document (prefix:name), and a violation at an
  // attribute points at it. With `element`, only that subtree is validated (a
  // module's section of the config against the module's own schema).
  std::vector<Diagnostic> validate(std::string_view xsd, const Annotate& annotate = {},
                                   const xmlNode* element = nullptr) const;

  // Where an element's start tag begins, or, given the name of one of its
  // attributes as written (prefix:name), where that attribute begins. Line 0 for a
  // node that is not from the source text.
  SourcePos position(const xmlNode* node, std::string_view attribute = {}) const;

  // Diagnostic at a node (and optionally one of its attributes), as position().
  Diagnostic at(const xmlNode* node, std::string message, std::string_view attribute = {}) const;

 private:
  // Where the parser found the end of an element's start tag (its '>' or "/>").
  struct TagEnd {
    const xmlNode* node;
    std::size_t offset;  // in the text; npos when the parser read it transcoded
    int line;
  };
  using TagEnds = std::vector<TagEnd>;  // by node, once parsed: one allocation, not one a node

  XmlDocument(XmlDocPtr doc, std::string file, std::string text, TagEnds tagEnds);
  std::size_t startTag(const xmlNode* node) const;
  std::size_t startTagOnLine(const xmlNode* node, long line) const;
  std::string_view line(std::size_t index) const;
  SourcePos positionOf(std::size_t offset) const;

  XmlDocPtr doc_;
  std::string file_;
  std::string text_;
  std::vector<std::size_t> lineStarts_;  // offset of each line; line 1 at index 0
  TagEnds tagEnds_;
};

// An element or attribute name as written in the file: prefix:name.
std::string qualifiedName(const xmlNs* ns, const xmlChar* name);

// Attribute without a namespace, or empty (`name` does not match i:name); `has`
// tells a missing attribute from an empty one.
std::string xmlAttribute(const xmlNode* node, const char* name);
bool xmlHasAttribute(const xmlNode* node, const char* name);
std::string xmlText(const xmlNode* node);
bool xmlIsElement(const xmlNode* node, const char* localName);

}  // namespace interlude::core
