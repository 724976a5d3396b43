#include "interlude/core/XmlDocument.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace interlude::core {
namespace {

// Options that keep untrusted XML harmless: no network, no DTD loading, no entity
// substitution, and no huge-document relaxations.
constexpr int kSafeParseOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA;

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
using ValidCtxtPtr =
    std::unique_ptr<xmlSchemaValidCtxt, Deleter<xmlSchemaValidCtxt, xmlSchemaFreeValidCtxt>>;

std::string readWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(std::vector<Diagnostic>{{path, 0, 0, "cannot open file"}});
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Messages name elements as "{urn:...}name"; readers know the element by its
// local name. Only braces around a namespace URI go: a pattern's \d{1,3} stays.
std::string withoutNamespaces(std::string message) {
  for (auto open = message.find('{'); open != std::string::npos;
       open = message.find('{', open + 1)) {
    const auto close = message.find('}', open);
    if (close == std::string::npos) break;
    const auto inside = std::string_view(message).substr(open + 1, close - open - 1);
    if (inside.find(':') == std::string_view::npos ||
        inside.find_first_of(" \\,") != std::string_view::npos) {
      continue;
    }
    message.erase(open, close - open + 1);
    open = open == 0 ? 0 : open - 1;
  }
  return message;
}

}  // namespace

XmlDocument::XmlDocument(XmlDocPtr doc, std::string file, std::string text)
    : doc_(std::move(doc)), file_(std::move(file)), text_(std::move(text)) {}

XmlDocument XmlDocument::parseFile(const std::string& path) {
  return parseText(readWholeFile(path), path);
}

XmlDocument XmlDocument::parseText(std::string text, const std::string& displayName) {
  ErrorSink sink{displayName, {}};
  XmlDocPtr doc;
  {
    ScopedErrorHandler guard(sink);
    doc.reset(xmlReadMemory(text.data(), static_cast<int>(text.size()), displayName.c_str(),
                            nullptr, kSafeParseOptions));
  }
  if (!doc) {
    if (sink.diagnostics.empty()) sink.diagnostics.push_back({displayName, 1, 1, "not XML"});
    throw InputError(std::move(sink.diagnostics));
  }
  if (doc->intSubset || doc->extSubset) {
    const auto at = text.find("<!DOCTYPE");
    const int line = at == std::string::npos
                         ? 1
                         : 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    throw InputError(std::vector<Diagnostic>{
        {displayName, line, 1, "DOCTYPE declarations are not allowed (no DTDs or entities)"}});
  }
  return XmlDocument(std::move(doc), displayName, std::move(text));
}

std::vector<Diagnostic> XmlDocument::validate(std::string_view xsd,
                                              const Annotate& annotate) const {
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
      auto message = withoutNamespaces(trimmed(error->message ? error->message : ""));
      const auto* node = static_cast<const xmlNode*>(error->node);
      if (node && node->type == XML_ELEMENT_NODE) {
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
  xmlSchemaValidateDoc(valid.get(), doc_.get());
  return std::move(collector.out);
}

Diagnostic XmlDocument::at(const xmlNode* node, std::string message,
                           std::string_view attribute) const {
  return {file_, node ? static_cast<int>(xmlGetLineNo(node)) : 0, columnOf(node, attribute),
          std::move(message)};
}

// libxml2 keeps only line numbers on nodes; find the column by locating the start
// tag (and attribute) on that line of the source text.
int XmlDocument::columnOf(const xmlNode* node, std::string_view attribute) const {
  if (!node) return 0;
  const long line = xmlGetLineNo(node);
  if (line <= 0) return 1;
  std::size_t begin = 0;
  for (long l = 1; l < line && begin != std::string::npos; ++l) {
    begin = text_.find('\n', begin);
    if (begin != std::string::npos) ++begin;
  }
  if (begin == std::string::npos) return 1;
  const auto end = text_.find('\n', begin);
  const std::string_view lineText(text_.data() + begin,
                                  (end == std::string::npos ? text_.size() : end) - begin);
  std::string tag = "<";
  if (node->ns && node->ns->prefix)
    tag += std::string(reinterpret_cast<const char*>(node->ns->prefix)) + ":";
  tag += reinterpret_cast<const char*>(node->name);
  auto pos = lineText.find(tag);
  if (pos == std::string_view::npos) return 1;
  if (!attribute.empty()) {
    const auto attr = lineText.find(std::string(attribute) + "=", pos);
    if (attr != std::string_view::npos) pos = attr;
  }
  return static_cast<int>(pos) + 1;
}

std::string xmlAttribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (!value) return {};
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

bool xmlHasAttribute(const xmlNode* node, const char* name) {
  return xmlHasProp(node, reinterpret_cast<const xmlChar*>(name)) != nullptr;
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
