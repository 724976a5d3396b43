// Fuzzes the manifest filter with HLS playlists, Smooth Streaming manifests, DASH MPDs
// (and the alias mapping with their first line): every input is filtered or
// refused with a ManifestError naming a line and a field, never a crash; a
// filtered HLS master keeps at least one variant and never gains one.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "manifest/ManifestAlias.h"
#include "manifest/ManifestFilter.h"

namespace {

using namespace interlude::streaming::manifest;

constexpr std::uint64_t kMaxBitrate = 1600000;

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A master that had variants keeps at least one, and gains none.
void checkVariants(std::string_view in, std::string_view out) {
  const auto variantsIn = count(in, "\n#EXT-X-STREAM-INF:");
  const auto variantsOut = count(out, "\n#EXT-X-STREAM-INF:");
  if (variantsIn > 0 && variantsOut == 0) std::abort();
  if (variantsOut > variantsIn) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto firstLine = text.substr(0, text.find('\n'));
  if (const auto alias = upstreamPathOfAlias(firstLine)) {
    if (alias->size() >= firstLine.size() || alias->back() != ')') std::abort();
  }
  isManifestResponse(firstLine, firstLine);

  const ManifestRewrite rewrite{"http://origin:8000/vod/show/master.m3u8",
                                {"http://origin:8000/vod/", "http://backup:8000/"},
                                "/edge/",
                                kMaxBitrate};
  try {
    const auto out = filterManifest(text, rewrite);
    if (text.starts_with("#EXTM3U")) checkVariants(text, out);
  } catch (const ManifestError& e) {
    if (e.field().empty() || e.line() < 0) std::abort();
  }
  return 0;
}
