#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

namespace interlude::core {

// Content types by file extension: a complete default table plus config overrides.
class MimeTypes {
 public:
  static constexpr std::string_view kFallback = "application/octet-stream";

  // The default table with `overrides` (extension with dot -> type) applied on top.
  explicit MimeTypes(const std::map<std::string, std::string>& overrides = {});

  // The type for the extension of the last segment of `path`, case-insensitive.
  std::string_view lookup(std::string_view path) const;

 private:
  std::unordered_map<std::string, std::string> byExtension_;
};

}  // namespace interlude::core
