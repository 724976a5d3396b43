#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace interlude::streaming::manifest {

// The five parts of a URI reference (RFC 3986 appendix B), as written: no
// decoding, no re-encoding, so a rewritten manifest keeps the bytes the origin
// chose (Smooth paths such as QualityLevels(400000)/Fragments(video=0)).
struct UriReference {
  std::optional<std::string_view> scheme;
  std::optional<std::string_view> authority;
  std::string_view path;
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;

  static UriReference split(std::string_view text);
  std::string str() const;
};

// RFC 3986 section 5.2: `reference` resolved against the absolute URI `base`.
std::string resolveReference(std::string_view base, std::string_view reference);

// RFC 3986 section 5.2.4.
std::string removeDotSegments(std::string_view path);

}  // namespace interlude::streaming::manifest
