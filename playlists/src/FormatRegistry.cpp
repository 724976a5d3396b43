#include "interlude/playlists/FormatRegistry.h"

#include <Poco/Logger.h>
#include <libxslt/imports.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltutils.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "XsltErrors.h"
#include "XsltPointers.h"
#include "XsltSecurity.h"
#include "interlude/core/Text.h"
#include "interlude/core/XmlDocument.h"

namespace interlude {
// playlists/formats/*.xsl, embedded by CMake.
extern const std::string_view kFormat_asx;
extern const std::string_view kFormat_atom;
extern const std::string_view kFormat_json;
extern const std::string_view kFormat_m3u;
extern const std::string_view kFormat_smil;
extern const std::string_view kFormat_xspf;
extern const std::string_view kFormat__common;
}  // namespace interlude

namespace interlude::playlists {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kCheckInterval = std::chrono::seconds(1);

const std::map<std::string, std::string_view>& shippedFormats() {
  static const std::map<std::string, std::string_view> formats{
      {"asx", kFormat_asx}, {"atom", kFormat_atom}, {"json", kFormat_json},
      {"m3u", kFormat_m3u}, {"smil", kFormat_smil}, {"xspf", kFormat_xspf}};
  return formats;
}

std::string shippedFile(const std::string& name) { return "formats/" + name + ".xsl"; }

// The shipped formats read no files; their shared helpers resolve from memory.
xslt::ReadPolicy shippedPolicy() {
  return xslt::ReadPolicy::embedded({{shippedFile("_common"), kFormat__common}});
}

void initializeLibraries() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xsltInit();
    xslt::installErrorRouting();
    xslt::installLoader();
  });
}

struct Compiled {
  xslt::StylesheetPtr stylesheet;
  std::string contentType;
};

std::string textOf(const xmlChar* text, const char* fallback) {
  return text ? reinterpret_cast<const char*>(text) : fallback;
}

// <xsl:output media-type> (text/plain without one); output that is not XML
// names its charset, the output encoding.
std::string contentTypeOf(xsltStylesheet* style) {
  const xmlChar* mediaType = nullptr;
  const xmlChar* method = nullptr;
  const xmlChar* encoding = nullptr;
  XSLT_GET_IMPORT_PTR(mediaType, style, mediaType)
  XSLT_GET_IMPORT_PTR(method, style, method)
  XSLT_GET_IMPORT_PTR(encoding, style, encoding)
  auto type = textOf(mediaType, "text/plain");
  const auto methodName = textOf(method, "xml");
  const bool text = methodName == "text" || methodName == "html" || type.starts_with("text/");
  if (text && core::toLower(type).find("charset=") == std::string::npos) {
    type += "; charset=" + core::toLower(textOf(encoding, "utf-8"));
  }
  return type;
}

// libxslt gives a line and an element name; the source finds the column.
const xmlNode* elementAt(const xmlNode* node, long line, std::string_view name) {
  for (; node; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    if (xmlGetLineNo(node) == line && name == reinterpret_cast<const char*>(node->name)) {
      return node;
    }
    if (const auto* found = elementAt(node->children, line, name)) return found;
  }
  return nullptr;
}

core::Diagnostic diagnosticOf(const xslt::Report& report, const core::XmlDocument& source) {
  const auto file = report.file.empty() ? source.file() : report.file;
  if (file == source.file() && report.located() && report.column == 0) {
    if (const auto* node = elementAt(source.root(), report.line, report.element)) {
      return source.at(node, report.message);
    }
  }
  return {file, report.line, report.located() ? std::max(report.column, 1) : 0, report.message};
}

// A message without a location comes before the located one it explains
// ("']' expected", then "failed to compile 'x['" at the template): it gets
// that location too.
std::vector<core::Diagnostic> diagnosticsOf(std::vector<xslt::Report> reports,
                                            const core::XmlDocument& source) {
  const xslt::Report* next = nullptr;
  for (auto report = reports.rbegin(); report != reports.rend(); ++report) {
    if (report->located()) {
      next = &*report;
    } else if (next) {
      report->file = next->file;
      report->line = next->line;
      report->column = next->column;
      report->element = next->element;
    }
  }
  std::vector<core::Diagnostic> diagnostics;
  for (const auto& report : reports) diagnostics.push_back(diagnosticOf(report, source));
  if (diagnostics.empty()) diagnostics.push_back({source.file(), 0, 0, "not a valid stylesheet"});
  return diagnostics;
}

// Throws core::InputError with the stylesheet's errors.
std::shared_ptr<const Compiled> compile(const core::XmlDocument& source,
                                        const xslt::ReadPolicy& policy) {
  core::XmlDocPtr copy(xmlCopyDoc(source.get(), 1));  // the stylesheet takes it over
  if (!copy) throw std::bad_alloc();
  xslt::ErrorCapture errors;
  const xslt::PolicyScope scope(policy);
  xslt::StylesheetPtr style(xsltParseStylesheetDoc(copy.get()));
  if (style) static_cast<void>(copy.release());
  // libxslt only warns about some mistakes (an unknown xsl:element, say) and
  // then ignores them; a format with any of them is not accepted either.
  if (!style || style->warnings > 0) {
    throw core::InputError(diagnosticsOf(errors.reports(), source));
  }
  auto contentType = contentTypeOf(style.get());
  return std::make_shared<const Compiled>(Compiled{std::move(style), std::move(contentType)});
}

std::shared_ptr<const Compiled> compileFile(const std::string& file,
                                            const xslt::ReadPolicy& policy) {
  return compile(core::XmlDocument::parseFile(file), policy);
}

// Honours <xsl:output> (method, encoding, indent, declaration).
std::string serialize(xmlDoc* result, xsltStylesheet* style) {
  xmlChar* text = nullptr;
  int size = 0;
  if (xsltSaveResultToString(&text, &size, result, style) != 0) {
    throw std::runtime_error("cannot serialize the transformation's result");
  }
  const xslt::XmlStringPtr owned(text);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size))
              : std::string();
}

// What tells a changed file: its modification time and size (nothing when it
// cannot be read).
struct FileVersion {
  std::filesystem::file_time_type modified{};
  std::uintmax_t size = 0;
  bool operator==(const FileVersion&) const = default;
};

FileVersion versionOf(const std::string& file) {
  std::error_code error;
  const auto modified = std::filesystem::last_write_time(file, error);
  if (error) return {};
  const auto size = std::filesystem::file_size(file, error);
  if (error) return {};
  return {modified, size};
}

void logRejected(const core::InputError& error) {
  auto& log = Poco::Logger::get("interlude.playlists");
  for (const auto& diagnostic : error.diagnostics()) {
    log.error(diagnostic.str() + " (format not reloaded, the previous version stays in use)");
  }
}

}  // namespace

struct FormatRegistry::Format {
  std::string file;  // shipped: formats/NAME.xsl
  xslt::ReadPolicy policy;
  xslt::SecurityPrefsPtr security;
  bool watched = false;  // a site's file, recompiled when it changes

  mutable std::mutex mutex;  // guards the members below (of watched formats)
  mutable std::shared_ptr<const Compiled> compiled;
  mutable Clock::time_point checkedAt;
  mutable FileVersion version;  // compiled, or last tried and rejected

  static std::shared_ptr<const Format> shipped(const std::string& name, std::string_view text,
                                               xslt::SecurityPrefsPtr security);
  static std::shared_ptr<const Format> site(const std::string& path,
                                            xslt::SecurityPrefsPtr security);
  std::shared_ptr<const Compiled> current() const;
  Rendered render(xmlDoc* asx) const;
};

std::shared_ptr<const FormatRegistry::Format> FormatRegistry::Format::shipped(
    const std::string& name, std::string_view text, xslt::SecurityPrefsPtr security) {
  auto format = std::make_shared<Format>();
  format->file = shippedFile(name);
  format->policy = shippedPolicy();
  format->security = std::move(security);
  try {
    format->compiled =
        compile(core::XmlDocument::parseText(std::string(text), format->file), format->policy);
  } catch (const core::InputError& e) {
    throw std::logic_error("shipped playlist format does not compile: " + e.report());
  }
  return format;
}

std::shared_ptr<const FormatRegistry::Format> FormatRegistry::Format::site(
    const std::string& path, xslt::SecurityPrefsPtr security) {
  auto format = std::make_shared<Format>();
  const auto absolute = std::filesystem::absolute(path);
  format->file = absolute.string();
  format->policy = xslt::ReadPolicy::folder(absolute.parent_path());
  format->security = std::move(security);
  format->watched = true;
  format->version = versionOf(format->file);
  format->compiled = compileFile(format->file, format->policy);
  format->checkedAt = Clock::now();
  return format;
}

// A watched file is looked at once a second at most; a new version compiles
// outside the lock (renders meanwhile use the previous one) and replaces it
// unless an even newer version came along. A version that does not compile is
// logged once and the previous one stays.
std::shared_ptr<const Compiled> FormatRegistry::Format::current() const {
  if (!watched) return compiled;
  std::unique_lock lock(mutex);
  const auto now = Clock::now();
  if (now - checkedAt < kCheckInterval) return compiled;
  checkedAt = now;
  const auto seen = versionOf(file);
  if (seen == version) return compiled;
  version = seen;
  const auto previous = compiled;
  lock.unlock();
  try {
    auto fresh = compileFile(file, policy);
    lock.lock();
    if (version == seen) compiled = std::move(fresh);
    return compiled;
  } catch (const core::InputError& e) {
    logRejected(e);
    return previous;
  }
}

Rendered FormatRegistry::Format::render(xmlDoc* asx) const {
  const auto stylesheet = current();
  auto* style = stylesheet->stylesheet.get();
  // libxslt writes into its input (xsl:strip-space removes text nodes, and it
  // numbers the elements in document order): it gets a copy, so the caller's
  // document stays as it was and can be shared between threads.
  const core::XmlDocPtr input(xmlCopyDoc(asx, 1));
  if (!input) throw std::bad_alloc();
  xslt::ErrorCapture errors;
  const xslt::PolicyScope scope(policy);
  const xslt::TransformContextPtr context(xsltNewTransformContext(style, input.get()));
  if (!context) throw std::runtime_error(errors.summary(file));
  errors.attach(context.get());
  xsltSetCtxtSecurityPrefs(security.get(), context.get());
  xsltSetCtxtParseOptions(context.get(), xslt::kSafeParseOptions);
  const core::XmlDocPtr result(
      xsltApplyStylesheetUser(style, input.get(), nullptr, nullptr, nullptr, context.get()));
  if (!result || context->state != XSLT_STATE_OK) {
    throw std::runtime_error(errors.summary(file));
  }
  return {serialize(result.get(), style), stylesheet->contentType};
}

FormatRegistry::FormatRegistry(const std::map<std::string, std::string>& extra) {
  initializeLibraries();
  const auto security = xslt::makeSecurityPrefs();
  for (const auto& [name, text] : shippedFormats()) {
    formats_[name] = Format::shipped(name, text, security);
  }
  std::vector<core::Diagnostic> problems;
  for (const auto& [name, path] : extra) {
    try {
      formats_[name] = Format::site(path, security);
    } catch (const core::InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw core::InputError(std::move(problems));
}

FormatRegistry::~FormatRegistry() = default;

bool FormatRegistry::has(const std::string& name) const { return find(name) != nullptr; }

std::vector<std::string> FormatRegistry::names() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& entry : formats_) names.push_back(entry.first);
  return names;
}

Rendered FormatRegistry::render(const std::string& name, xmlDoc* asx) const {
  const auto format = find(name);
  if (!format) throw std::out_of_range("unknown playlist format: " + name);
  return format->render(asx);
}

std::shared_ptr<const FormatRegistry::Format> FormatRegistry::find(const std::string& name) const {
  const std::lock_guard lock(mutex_);
  const auto found = formats_.find(name);
  return found == formats_.end() ? nullptr : found->second;
}

}  // namespace interlude::playlists
