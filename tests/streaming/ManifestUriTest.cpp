#include <boost/test/unit_test.hpp>

#include "manifest/ManifestFilter.h"
#include "manifest/UriReference.h"

using namespace interlude::streaming::manifest;

BOOST_AUTO_TEST_SUITE(manifest_uri)

// RFC 3986 section 5.4.1 and 5.4.2, against its base.
BOOST_AUTO_TEST_CASE(references_resolve_as_rfc_3986_says) {
  const char* const base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> examples[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/../y", "http://a/b/c/y"},
  };
  for (const auto& [reference, expected] : examples) {
    BOOST_TEST(resolveReference(base, reference) == expected, reference);
  }
}

BOOST_AUTO_TEST_CASE(rewritten_uris_keep_the_bytes_the_origin_wrote) {
  const ManifestRewrite rewrite{
      "http://Origin/vod/a.ism/Manifest(format=m3u8-aapl)", {"http://origin:80/vod"}, "/edge", 0};
  const auto out = filterManifest(
      "#EXTM3U\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=1\n"
      "QualityLevels(400000)/Manifest(video,format=m3u8-aapl)\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=2\n"
      "HTTP://ORIGIN/vod/a%2Fb%7e/x.m3u8?k=%41#f\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=3\n"
      "/vodka/x.m3u8\n",
      rewrite);
  BOOST_TEST(out ==
             "#EXTM3U\n"
             "#EXT-X-STREAM-INF:BANDWIDTH=1\n"
             "/edge/a.ism/QualityLevels(400000)/Manifest(video,format=m3u8-aapl)\n"
             "#EXT-X-STREAM-INF:BANDWIDTH=2\n"
             "/edge/a%2Fb%7e/x.m3u8?k=%41#f\n"
             "#EXT-X-STREAM-INF:BANDWIDTH=3\n"
             "http://Origin/vodka/x.m3u8\n");
}

BOOST_AUTO_TEST_SUITE_END()
