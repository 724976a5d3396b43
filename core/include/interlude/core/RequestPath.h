#pragma once

#include <string>
#include <string_view>

namespace interlude::core {

// Why a request target was refused: the HTTP status and the rule that fired.
struct Rejection {
  int status = 400;
  std::string rule;
};

struct RequestPath {
  std::string path;   // decoded, normalised, starts with '/', no "." or ".." segments
  std::string query;  // still encoded, without '?'
  bool trailingSlash = false;
};

// Splits a request target (origin-form or absolute-form), decodes it once and
// normalises it. Refuses what could escape or confuse the file mapping: "..",
// encoded '/', '\', '.' and NUL, backslashes, bad percent-escapes, invalid or overlong
// UTF-8 and control characters. Returns false and fills `why` on refusal.
bool parseRequestTarget(std::string_view target, RequestPath& out, Rejection& why);

// Strict UTF-8 check: no overlong forms, surrogates or code points above U+10FFFF.
bool isValidUtf8(std::string_view text);

// Lower-case extension of the last segment including the dot ("" when none).
std::string extensionOf(std::string_view path);

}  // namespace interlude::core
