#include "manifest/ManifestAlias.h"

#include "interlude/core/Text.h"

namespace interlude::streaming::manifest {

namespace {

// Whether the parameters inside Manifest(...) hold format=<prefix>...
bool namesFormat(std::string_view parameters, std::string_view formatPrefix) {
  while (!parameters.empty()) {
    const auto comma = parameters.find(',');
    const auto item = parameters.substr(0, comma);
    if (core::startsWithIgnoreCase(item, "format=") &&
        core::startsWithIgnoreCase(item.substr(7), formatPrefix)) {
      return true;
    }
    if (comma == std::string_view::npos) break;
    parameters.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::optional<std::string> upstreamPathOfAlias(std::string_view path) {
  struct Alias {
    std::string_view extension;
    std::string_view format;
  };
  static constexpr Alias kAliases[] = {{").m3u8", "m3u8-aapl"}, {").mpd", "mpd-time-csf"}};

  const auto slash = path.rfind('/');
  const auto segment = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  if (!core::startsWithIgnoreCase(segment, "manifest(")) return std::nullopt;
  for (const auto& alias : kAliases) {
    if (segment.size() < 9 + alias.extension.size()) continue;
    const auto tail = segment.substr(segment.size() - alias.extension.size());
    if (!core::equalsIgnoreCase(tail, alias.extension)) continue;
    const auto parameters = segment.substr(9, segment.size() - 9 - alias.extension.size());
    if (parameters.find_first_of("()") != std::string_view::npos) continue;
    if (!namesFormat(parameters, alias.format)) continue;
    // Keep the closing parenthesis, drop the extension after it.
    return std::string(path.substr(0, path.size() - alias.extension.size() + 1));
  }
  return std::nullopt;
}

}  // namespace interlude::streaming::manifest
