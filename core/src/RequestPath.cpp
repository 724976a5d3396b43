#include "interlude/core/RequestPath.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "interlude/core/Text.h"

namespace interlude::core {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool isControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// Absolute-form targets (`GET http://host/path`) keep only their path.
std::string_view originForm(std::string_view target) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (startsWithIgnoreCase(target, scheme)) {
      const auto slash = target.find('/', scheme.size());
      return slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
  }
  return target;
}

bool reject(Rejection& why, int status, std::string rule) {
  why = {status, std::move(rule)};
  return false;
}

// Decodes %XX once, refusing encodings that only serve to smuggle path syntax.
bool decodeOnce(std::string_view raw, std::string& decoded, Rejection& why) {
  decoded.clear();
  decoded.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '\\') return reject(why, 400, "backslash in path");
    if (isControl(c)) return reject(why, 400, "control character in path");
    if (c != '%') {
      decoded += static_cast<char>(c);
      continue;
    }
    const int hi = i + 2 < raw.size() ? hexValue(raw[i + 1]) : -1;
    const int lo = hi >= 0 ? hexValue(raw[i + 2]) : -1;
    if (lo < 0) return reject(why, 400, "malformed percent-escape");
    const auto value = static_cast<unsigned char>(hi * 16 + lo);
    if (value == '/') return reject(why, 400, "encoded slash");
    if (value == '\\') return reject(why, 400, "encoded backslash");
    if (value == '.') return reject(why, 400, "encoded dot");
    if (value == 0) return reject(why, 400, "encoded NUL");
    if (isControl(value)) return reject(why, 400, "encoded control character");
    decoded += static_cast<char>(value);
    i += 2;
  }
  return true;
}

}  // namespace

bool isValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
      extra = 1, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

bool parseRequestTarget(std::string_view target, RequestPath& out, Rejection& why) {
  target = originForm(target);
  if (target.empty() || target.front() != '/') return reject(why, 400, "target is not a path");
  if (target.find('#') != std::string_view::npos) return reject(why, 400, "fragment in target");
  const auto question = target.find('?');
  const std::string_view rawPath = target.substr(0, question);
  out.query = question == std::string_view::npos ? "" : std::string(target.substr(question + 1));

  std::string decoded;
  if (!decodeOnce(rawPath, decoded, why)) return false;
  if (!isValidUtf8(decoded)) return reject(why, 400, "invalid or overlong UTF-8");

  std::string normal;
  normal.reserve(decoded.size());
  std::size_t start = 0;
  while (start <= decoded.size()) {
    auto slash = decoded.find('/', start);
    if (slash == std::string::npos) slash = decoded.size();
    const std::string_view segment(decoded.data() + start, slash - start);
    if (segment == "..") return reject(why, 400, "dot-dot segment (traversal)");
    if (!segment.empty() && segment != ".") {
      normal += '/';
      normal += segment;
    }
    start = slash + 1;
  }
  out.trailingSlash = decoded.back() == '/' || decoded.ends_with("/.");
  out.path = normal.empty() ? "/" : normal + (out.trailingSlash ? "/" : "");
  return true;
}

std::string extensionOf(std::string_view path) {
  const auto slash = path.rfind('/');
  const auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return toLower(name.substr(dot));
}

}  // namespace interlude::core
