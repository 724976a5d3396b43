#include "XsltSecurity.h"

#include <libxml/uri.h>
#include <libxslt/documents.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include <algorithm>

#include "XsltPointers.h"
#include "interlude/core/XmlDocument.h"

namespace interlude::playlists::xslt {
namespace {

thread_local const ReadPolicy* tPolicy = nullptr;
xsltDocLoaderFunc gPreviousLoader = nullptr;

int withSafeOptions(int options) {
  return (options | kSafeParseOptions) & ~(XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR |
                                           XML_PARSE_DTDVALID | XML_PARSE_XINCLUDE);
}

// Reports through the transformation (document()) or the stylesheet being
// compiled (xsl:include, xsl:import); a refused document() stops the run.
void refuse(void* context, xsltLoadType type, const std::string& message) {
  if (type == XSLT_LOAD_DOCUMENT) {
    auto* transform = static_cast<xsltTransformContextPtr>(context);
    xsltTransformError(transform, nullptr, nullptr, "%s\n", message.c_str());
    if (transform) transform->state = XSLT_STATE_STOPPED;
  } else {
    xsltTransformError(nullptr, static_cast<xsltStylesheetPtr>(context), nullptr, "%s\n",
                       message.c_str());
  }
}

// A shipped helper, parsed into the stylesheet's dictionary as libxslt's own
// loader does (libxslt frees names it does not find in that dictionary).
xmlDocPtr parseResource(std::string_view text, const char* uri, xmlDictPtr dict, int options) {
  ParserPtr parser(xmlNewParserCtxt());
  if (!parser) return nullptr;
  if (dict) {
    xmlDictFree(parser->dict);
    parser->dict = dict;
    xmlDictReference(dict);
  }
  return xmlCtxtReadMemory(parser.get(), text.data(), static_cast<int>(text.size()), uri, nullptr,
                           options);
}

xmlDocPtr load(const xmlChar* uri, xmlDictPtr dict, int options, void* context, xsltLoadType type) {
  const ReadPolicy* policy = tPolicy;
  if (!policy) return gPreviousLoader(uri, dict, options, context, type);
  const auto* name = reinterpret_cast<const char*>(uri);
  core::XmlDocPtr doc;
  if (const auto text = policy->resource(name); text && type == XSLT_LOAD_STYLESHEET) {
    doc.reset(parseResource(*text, name, dict, withSafeOptions(options)));
  } else if (policy->allowsUri(name)) {
    doc.reset(gPreviousLoader(uri, dict, withSafeOptions(options), context, type));
  } else {
    refuse(context, type, std::string("reading ") + name + " is not allowed");
    return nullptr;
  }
  if (doc && (doc->intSubset || doc->extSubset)) {
    refuse(context, type,
           std::string(name) + ": DOCTYPE declarations are not allowed (no DTDs or entities)");
    return nullptr;
  }
  return doc.release();
}

int refuseAccess(xsltSecurityPrefsPtr, xsltTransformContextPtr context, const char*) {
  if (context) context->state = XSLT_STATE_STOPPED;
  return 0;
}

int checkRead(xsltSecurityPrefsPtr prefs, xsltTransformContextPtr context, const char* path) {
  if (tPolicy && tPolicy->allowsFile(path)) return 1;
  return refuseAccess(prefs, context, path);
}

}  // namespace

ReadPolicy ReadPolicy::folder(const std::filesystem::path& folder) {
  ReadPolicy policy;
  policy.folder_ = std::filesystem::weakly_canonical(std::filesystem::absolute(folder));
  return policy;
}

ReadPolicy ReadPolicy::embedded(std::map<std::string, std::string_view> resources) {
  ReadPolicy policy;
  policy.resources_ = std::move(resources);
  return policy;
}

bool ReadPolicy::allowsUri(const char* uri) const {
  const UriPtr parsed(xmlParseURI(uri));
  if (!parsed) return false;
  if (parsed->scheme && std::string_view(parsed->scheme) != "file") return false;
  if (parsed->server && std::string_view(parsed->server) != "localhost") return false;
  return allowsFile(parsed->path);
}

bool ReadPolicy::allowsFile(const char* path) const {
  if (!folder_ || !path) return false;
  const std::filesystem::path file(path);
  if (!file.is_absolute()) return false;
  std::error_code error;
  const auto real = std::filesystem::weakly_canonical(file, error);
  if (error) return false;
  return std::mismatch(folder_->begin(), folder_->end(), real.begin(), real.end()).first ==
         folder_->end();
}

std::optional<std::string_view> ReadPolicy::resource(const char* uri) const {
  const auto found = resources_.find(uri);
  if (found == resources_.end()) return std::nullopt;
  return found->second;
}

PolicyScope::PolicyScope(const ReadPolicy& policy) : outer_(tPolicy) { tPolicy = &policy; }

PolicyScope::~PolicyScope() { tPolicy = outer_; }

SecurityPrefsPtr makeSecurityPrefs() {
  SecurityPrefsPtr prefs(xsltNewSecurityPrefs(), &xsltFreeSecurityPrefs);
  if (!prefs) throw std::bad_alloc();
  xsltSetSecurityPrefs(prefs.get(), XSLT_SECPREF_READ_FILE, &checkRead);
  for (const auto option : {XSLT_SECPREF_WRITE_FILE, XSLT_SECPREF_CREATE_DIRECTORY,
                            XSLT_SECPREF_READ_NETWORK, XSLT_SECPREF_WRITE_NETWORK}) {
    xsltSetSecurityPrefs(prefs.get(), option, &refuseAccess);
  }
  return prefs;
}

void installLoader() {
  gPreviousLoader = xsltDocDefaultLoader;
  xsltSetLoaderFunc(&load);
}

}  // namespace interlude::playlists::xslt
