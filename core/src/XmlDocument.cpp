#include "interlude/core/XmlDocument.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace interlude::core {
namespace {

// Options that keep untrusted XML harmless: no network, no DTD loading, no entity
// substitution, and no huge-document relaxations. Big lines: elements past line
// 65535 are found by the recorded ends of their tags (see XmlDocument), and other
// nodes report their line rather than 65535.
constexpr int kSafeParseOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;

std::string trimmed(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

struct ErrorSink {
  std::string file;
  std::vector<Diagnostic> diagnostics;
  static void collect(void* self, xmlErrorPtr error) {
    auto* sink = static_cast<ErrorSink*>(self);
    sink->diagnostics.push_back(
        {sink->file, error->line, error->int2, trimmed(error->message ? error->message : "")});
  }
};

// libxml2's parser reports through a per-thread handler; restore it on scope exit.
class ScopedErrorHandler {
 public:
  explicit ScopedErrorHandler(ErrorSink& sink) {
    xmlSetStructuredErrorFunc(&sink, &ErrorSink::collect);
  }
  ~ScopedErrorHandler() { xmlSetStructuredErrorFunc(nullptr, nullptr); }
  ScopedErrorHandler(const ScopedErrorHandler&) = delete;
  ScopedErrorHandler& operator=(const ScopedErrorHandler&) = delete;
};

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using SchemaParserPtr =
    std::unique_ptr<xmlSchemaParserCtxt, Deleter<xmlSchemaParserCtxt, xmlSchemaFreeParserCtxt>>;
using SchemaPtr = std::unique_ptr<xmlSchema, Deleter<xmlSchema, xmlSchemaFree>>;
using ParserCtxtPtr = std::unique_ptr<xmlParserCtxt, Deleter<xmlParserCtxt, xmlFreeParserCtxt>>;
using ValidCtxtPtr =
    std::unique_ptr<xmlSchemaValidCtxt, Deleter<xmlSchemaValidCtxt, xmlSchemaFreeValidCtxt>>;

std::string readWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(std::vector<Diagnostic>{{path, 0, 0, "cannot open file"}});
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string_view view(const xmlChar* text) {
  return text ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view();
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Whether a name found in `text` ends at `end`, so that <ref does not match <refs.
bool endsName(std::string_view text, std::size_t end) {
  return end >= text.size() || isSpace(text[end]) || text[end] == '/' || text[end] == '>' ||
         text[end] == '=';
}

// Whether `text` holds the start tag of element `name` (prefix:name) at `open`.
bool isStartTagOf(std::string_view text, std::size_t open, std::string_view name) {
  return text.substr(open + 1, name.size()) == name && endsName(text, open + 1 + name.size());
}

// The offset of attribute `name` (prefix:name) in the start tag opening at `tag`, or
// npos. Reads the tag attribute by attribute, so a value that holds ` name=` is
// skipped, and a tag over several lines is read to its end.
std::size_t attributeIn(std::string_view text, std::size_t tag, std::string_view name) {
  const auto skipSpace = [&](std::size_t at) {
    while (at < text.size() && isSpace(text[at])) ++at;
    return at;
  };
  auto at = tag + 1;
  while (!endsName(text, at)) ++at;  // the element's name
  for (at = skipSpace(at); at < text.size() && text[at] != '>' && text[at] != '/';) {
    const auto start = at;
    while (!endsName(text, at)) ++at;
    if (text.substr(start, at - start) == name) return start;
    at = skipSpace(at);
    if (at >= text.size() || text[at] != '=') break;
    at = skipSpace(at + 1);
    if (at >= text.size() || (text[at] != '"' && text[at] != '\'')) break;
    const auto close = text.find(text[at], at + 1);
    if (close == std::string_view::npos) break;
    at = skipSpace(close + 1);
  }
  return std::string_view::npos;
}

bool isNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// How the document writes the name `local` of namespace `uri` at `node`: as the
// node's own name or one of its attributes, else with the prefix declared for the
// namespace there (none for a default namespace); without a declaration, bare.
std::string writtenName(const xmlNode* node, const std::string& uri, const std::string& local) {
  const auto matches = [&](const xmlNs* ns, const xmlChar* name) {
    return ns && view(ns->href) == uri && view(name) == local;
  };
  if (!node) return local;
  if (matches(node->ns, node->name)) return qualifiedName(node->ns, node->name);
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    if (matches(a->ns, a->name)) return qualifiedName(a->ns, a->name);
  }
  const xmlNs* ns = xmlSearchNsByHref(node->doc, const_cast<xmlNode*>(node), BAD_CAST uri.c_str());
  return ns ? qualifiedName(ns, BAD_CAST local.c_str()) : local;
}

// Messages name elements and attributes as "{urn:...}name"; readers know them as
// written, prefix:name. Only braces around a namespace URI go: a pattern's \d{1,3}
// stays.
std::string withWrittenNames(const xmlNode* node, std::string message) {
  for (std::size_t from = 0, open; (open = message.find('{', from)) != std::string::npos;) {
    const auto close = message.find('}', open);
    if (close == std::string::npos) break;
    const auto uri = message.substr(open + 1, close - open - 1);
    if (uri.find(':') == std::string::npos || uri.find_first_of(" \\,") != std::string::npos) {
      from = open + 1;
      continue;
    }
    auto end = close + 1;
    while (end < message.size() && isNameChar(message[end])) ++end;
    const auto name = writtenName(node, uri, message.substr(close + 1, end - close - 1));
    message.replace(open, end - open, name);
    from = open + name.size();
  }
  return message;
}

}  // namespace

XmlDocument::XmlDocument(XmlDocPtr doc, std::string file, std::string text, TagEnds tagEnds)
    : doc_(std::move(doc)),
      file_(std::move(file)),
      text_(std::move(text)),
      tagEnds_(std::move(tagEnds)) {
  const auto byNode = [](const TagEnd& a, const TagEnd& b) { return a.node < b.node; };
  if (!std::is_sorted(tagEnds_.begin(), tagEnds_.end(), byNode)) {
    std::sort(tagEnds_.begin(), tagEnds_.end(), byNode);
  }
  lineStarts_.push_back(0);
  for (auto at = text_.find('\n'); at != std::string::npos; at = text_.find('\n', at + 1)) {
    lineStarts_.push_back(at + 1);
  }
}

XmlDocument XmlDocument::parseFile(const std::string& path) {
  return parseText(readWholeFile(path), path);
}

XmlDocument XmlDocument::parseText(std::string text, const std::string& displayName) {
  ErrorSink sink{displayName, {}};
  TagEnds tagEnds;
  XmlDocPtr doc;
  {
    ScopedErrorHandler guard(sink);
    ParserCtxtPtr parser(xmlNewParserCtxt());
    if (!parser) throw std::bad_alloc();
    // The tree builder's handler, noting where the start tag ends: the parser is on
    // its '>' or "/>". An offset into transcoded input is not one into the text.
    parser->sax->startElementNs = [](void* context, const xmlChar* localName, const xmlChar* prefix,
                                     const xmlChar* uri, int namespaceCount,
                                     const xmlChar** namespaces, int attributeCount,
                                     int defaultedCount, const xmlChar** attributes) {
      const auto* ctxt = static_cast<xmlParserCtxt*>(context);
      const xmlNode* parent = ctxt->node;
      xmlSAX2StartElementNs(context, localName, prefix, uri, namespaceCount, namespaces,
                            attributeCount, defaultedCount, attributes);
      auto* ends = static_cast<TagEnds*>(ctxt->_private);
      const xmlParserInput* in = ctxt->input;
      if (!ends || !in || !ctxt->node || ctxt->node == parent) return;
      const bool transcoded = in->buf && in->buf->encoder;
      ends->push_back(TagEnd{ctxt->node,
                             transcoded
                                 ? std::string::npos
                                 : static_cast<std::size_t>(in->consumed + (in->cur - in->base)),
                             in->line});
    };
    parser->_private = &tagEnds;
    doc.reset(xmlCtxtReadMemory(parser.get(), text.data(), static_cast<int>(text.size()),
                                displayName.c_str(), nullptr, kSafeParseOptions));
  }
  if (!doc) {
    if (sink.diagnostics.empty()) sink.diagnostics.push_back({displayName, 1, 1, "not XML"});
    throw InputError(std::move(sink.diagnostics));
  }
  const bool doctype = doc->intSubset || doc->extSubset;
  XmlDocument parsed(std::move(doc), displayName, std::move(text), std::move(tagEnds));
  if (doctype) {
    const auto at = parsed.text_.find("<!DOCTYPE");
    const auto pos = at == std::string::npos ? SourcePos{displayName, 1, 1} : parsed.positionOf(at);
    throw InputError(
        std::vector<Diagnostic>{{displayName, pos.line, pos.column,
                                 "DOCTYPE declarations are not allowed (no DTDs or entities)"}});
  }
  return parsed;
}

std::vector<Diagnostic> XmlDocument::validate(std::string_view xsd, const Annotate& annotate,
                                              const xmlNode* element) const {
  ErrorSink schemaSink{"<schema>", {}};
  SchemaPtr schema;
  {
    ScopedErrorHandler guard(schemaSink);
    SchemaParserPtr parser(xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size())));
    schema.reset(parser ? xmlSchemaParse(parser.get()) : nullptr);
  }
  if (!schema) throw std::logic_error("built-in schema does not compile");

  struct Collector {
    const XmlDocument* self;
    const Annotate& annotate;
    std::vector<Diagnostic> out;
    static void collect(void* p, xmlErrorPtr error) {
      auto* c = static_cast<Collector*>(p);
      const auto* node = static_cast<const xmlNode*>(error->node);
      const bool atElement = node && node->type == XML_ELEMENT_NODE;
      auto message = withWrittenNames(atElement ? node : c->self->root(),
                                      trimmed(error->message ? error->message : ""));
      if (atElement) {
        const auto attributeAt = message.find("attribute '");
        std::string attribute;
        if (attributeAt != std::string::npos) {
          const auto start = attributeAt + 11;
          attribute = message.substr(start, message.find('\'', start) - start);
        }
        auto diagnostic = c->self->at(node, std::move(message), attribute);
        if (c->annotate) c->annotate(node, attribute, diagnostic);
        c->out.push_back(std::move(diagnostic));
      } else {
        c->out.push_back({c->self->file_, error->line, 1, std::move(message)});
      }
    }
  } collector{this, annotate, {}};

  ValidCtxtPtr valid(xmlSchemaNewValidCtxt(schema.get()));
  xmlSchemaSetValidStructuredErrors(valid.get(), &Collector::collect, &collector);
  if (element) {
    xmlSchemaValidateOneElement(valid.get(), const_cast<xmlNode*>(element));
  } else {
    xmlSchemaValidateDoc(valid.get(), doc_.get());
  }
  return std::move(collector.out);
}

SourcePos XmlDocument::position(const xmlNode* node, std::string_view attribute) const {
  if (!node) return {file_, 0, 0};
  if (node->type != XML_ELEMENT_NODE) {
    const long line = xmlGetLineNo(node);
    return line > 0 ? SourcePos{file_, static_cast<int>(line), 1} : SourcePos{file_, 0, 0};
  }
  const auto tag = startTag(node);
  if (tag == std::string::npos) return {file_, 0, 0};
  const auto at = attribute.empty() ? std::string::npos : attributeIn(text_, tag, attribute);
  return positionOf(at == std::string::npos ? tag : at);
}

Diagnostic XmlDocument::at(const xmlNode* node, std::string message,
                           std::string_view attribute) const {
  auto pos = position(node, attribute);
  return {std::move(pos.file), pos.line, pos.column, std::move(message)};
}

// The offset of the '<' that opens an element's start tag, or npos. Attribute
// values hold no '<', so it is the last one before the recorded end of the tag.
std::size_t XmlDocument::startTag(const xmlNode* node) const {
  const auto recorded =
      std::lower_bound(tagEnds_.begin(), tagEnds_.end(), node,
                       [](const TagEnd& tag, const xmlNode* wanted) { return tag.node < wanted; });
  if (recorded == tagEnds_.end() || recorded->node != node) {
    return startTagOnLine(node, xmlGetLineNo(node));
  }
  const auto end = recorded->offset;
  if (end < text_.size()) {
    const auto open = text_.rfind('<', end);
    if (open != std::string::npos &&
        isStartTagOf(text_, open, qualifiedName(node->ns, node->name))) {
      return open;
    }
  }
  return startTagOnLine(node, recorded->line);
}

// Without an offset (transcoded input, nodes added after parsing): the first
// `<name` on the line where the tag ends, else the last one before it, for tags
// over several lines; else the start of that line.
std::size_t XmlDocument::startTagOnLine(const xmlNode* node, long lineNumber) const {
  if (lineNumber <= 0) return std::string::npos;
  const auto index = std::min(static_cast<std::size_t>(lineNumber), lineStarts_.size()) - 1;
  const std::string tag = "<" + qualifiedName(node->ns, node->name);
  const auto begin = lineStarts_[index];
  const auto onLine = line(index);
  for (auto at = onLine.find(tag); at != std::string_view::npos; at = onLine.find(tag, at + 1)) {
    if (endsName(onLine, at + tag.size())) return begin + at;
  }
  const std::string_view text(text_);
  for (auto at = begin; at > 0;) {
    at = text.rfind(tag, at - 1);
    if (at == std::string_view::npos) break;
    if (endsName(text, at + tag.size())) return at;
  }
  return begin;
}

std::string_view XmlDocument::line(std::size_t index) const {
  const auto begin = lineStarts_[index];
  const auto end = index + 1 < lineStarts_.size() ? lineStarts_[index + 1] : text_.size();
  return std::string_view(text_).substr(begin, end - begin);
}

SourcePos XmlDocument::positionOf(std::size_t offset) const {
  const auto after = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  const auto index = static_cast<std::size_t>(after - lineStarts_.begin()) - 1;
  return {file_, static_cast<int>(index + 1), static_cast<int>(offset - lineStarts_[index] + 1)};
}

std::string qualifiedName(const xmlNs* ns, const xmlChar* name) {
  const auto prefix = ns ? view(ns->prefix) : std::string_view();
  return (prefix.empty() ? std::string() : std::string(prefix) + ":") + std::string(view(name));
}

std::string xmlAttribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(name));
  if (!value) return {};
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

bool xmlHasAttribute(const xmlNode* node, const char* name) {
  return xmlHasNsProp(node, reinterpret_cast<const xmlChar*>(name), nullptr) != nullptr;
}

std::string xmlText(const xmlNode* node) {
  xmlChar* value = xmlNodeGetContent(node);
  if (!value) return {};
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

bool xmlIsElement(const xmlNode* node, const char* localName) {
  return node && node->type == XML_ELEMENT_NODE &&
         xmlStrEqual(node->name, reinterpret_cast<const xmlChar*>(localName));
}

}  // namespace interlude::core
