#include "XsltErrors.h"

#include <libxml/globals.h>
#include <libxslt/xsltutils.h>

#include <algorithm>
#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <optional>
#include <string_view>
#include <utility>

namespace interlude::playlists::xslt {
namespace {

thread_local ErrorCapture* tCapture = nullptr;
xmlGenericErrorFunc gPreviousGeneric = nullptr;
void* gPreviousGenericContext = nullptr;

std::string formatted(const char* format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  const int size = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (size <= 0) return {};
  std::string out(static_cast<std::size_t>(size), '\0');
  std::vsnprintf(out.data(), out.size() + 1, format, args);
  return out;
}

void routeGeneric(void*, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const auto text = formatted(format, args);
  va_end(args);
  if (tCapture) {
    tCapture->addText(text);
  } else if (gPreviousGeneric) {
    gPreviousGeneric(gPreviousGenericContext, "%s", text.c_str());
  }
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

// libxslt prints where an error is on a line of its own before the message:
// "compilation error: file F line N element E" (each part optional), or just
// "error" when it knows nothing.
std::optional<Report> parseLocation(std::string_view line) {
  for (const std::string_view kind : {"compilation error", "runtime error", "error"}) {
    if (line == kind) return Report{};
    if (!line.starts_with(kind) || !line.substr(kind.size()).starts_with(": ")) continue;
    std::string rest = " " + std::string(line.substr(kind.size() + 2));
    if (!rest.starts_with(" file ") && !rest.starts_with(" element ")) continue;
    const auto take = [&rest](std::string_view key) {
      const auto at = rest.rfind(key);
      if (at == std::string::npos) return std::string();
      auto value = rest.substr(at + key.size());
      rest.erase(at);
      return value;
    };
    Report location;
    location.element = take(" element ");
    const auto number = take(" line ");
    location.line = number.empty() ? 0 : std::atoi(number.c_str());
    location.file = take(" file ");
    return location;
  }
  return std::nullopt;
}

// "xsltCompilePattern : failed to compile 'x['" -> "failed to compile 'x['":
// the library's function names mean nothing to a stylesheet's author.
std::string withoutFunctionName(std::string message) {
  const auto colon = message.find(':');
  if (colon == std::string::npos || colon == 0) return message;
  const auto name =
      std::string_view(message).substr(0, message.find_last_not_of(' ', colon - 1) + 1);
  const bool identifier = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  if (!identifier || !(name.starts_with("xslt") || name.starts_with("xml"))) return message;
  const auto start = message.find_first_not_of(' ', colon + 1);
  return start == std::string::npos ? message : message.substr(start);
}

}  // namespace

void installErrorRouting() {
  gPreviousGeneric = xsltGenericError;
  gPreviousGenericContext = xsltGenericErrorContext;
  xsltSetGenericErrorFunc(nullptr, &routeGeneric);
}

ErrorCapture::ErrorCapture()
    : outer_(tCapture),
      previousHandler_(xmlStructuredError),
      previousContext_(xmlStructuredErrorContext) {
  tCapture = this;
  xmlSetStructuredErrorFunc(this, &ErrorCapture::collectStructured);
}

ErrorCapture::~ErrorCapture() {
  xmlSetStructuredErrorFunc(previousContext_, previousHandler_);
  tCapture = outer_;
}

void ErrorCapture::attach(xsltTransformContext* context) {
  xsltSetTransformErrorFunc(context, this, &ErrorCapture::collectGeneric);
}

const std::vector<Report>& ErrorCapture::reports() {
  if (!pending_.empty()) addLine(std::exchange(pending_, {}));
  return reports_;
}

std::string ErrorCapture::summary(const std::string& file) {
  std::string out;
  for (const auto& report : reports()) {
    if (!out.empty()) out += "; ";
    out += report.file.empty() ? file : report.file;
    if (report.located()) out += ":" + std::to_string(report.line);
    out += ": " + report.message;
  }
  return out.empty() ? file + ": failed without a message" : out;
}

void ErrorCapture::addText(std::string_view text) {
  pending_ += text;
  for (auto end = pending_.find('\n'); end != std::string::npos; end = pending_.find('\n')) {
    auto line = pending_.substr(0, end);
    pending_.erase(0, end + 1);
    addLine(std::move(line));
  }
}

void ErrorCapture::addLine(std::string line) {
  line = trimmed(std::move(line));
  if (line.empty()) return;
  if (auto location = parseLocation(line)) {
    location_ = std::move(*location);
    return;
  }
  Report report = std::exchange(location_, {});
  report.message = withoutFunctionName(std::move(line));
  reports_.push_back(std::move(report));
}

void ErrorCapture::collectGeneric(void* self, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const auto text = formatted(format, args);
  va_end(args);
  static_cast<ErrorCapture*>(self)->addText(text);
}

void ErrorCapture::collectStructured(void* self, xmlErrorPtr error) {
  Report report;
  report.file = error->file ? error->file : "";
  report.line = error->line;
  report.column = error->file && error->line > 0 ? error->int2 : 0;
  report.message = trimmed(error->message ? error->message : "");
  if (error->domain == XML_FROM_XPATH && error->str1) {
    report.message += std::string(" in '") + error->str1 + "'";
  }
  static_cast<ErrorCapture*>(self)->reports_.push_back(std::move(report));
}

}  // namespace interlude::playlists::xslt
