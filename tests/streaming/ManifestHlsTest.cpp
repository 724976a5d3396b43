#include <boost/test/unit_test.hpp>
#include <string>

#include "manifest/ManifestFilter.h"

using namespace interlude::streaming::manifest;

namespace {

const char* const kMaster =
    "#EXTM3U\n"
    "#EXT-X-VERSION:4\n"
    "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"en\",URI=\"audio/en.m3u8\"\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=400000,CODECS=\"avc1.42e00a,mp4a.40.2\",AUDIO=\"aac\"\n"
    "v400/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n"
    "v800/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=1600000,RESOLUTION=960x540\n"
    "http://origin:8000/vod/show/v1600/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720\n"
    "/vod/show/v3000/index.m3u8\n"
    "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI=\"v400/iframes.m3u8\"\n"
    "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=2000000,URI=\"v3000/iframes.m3u8\"\n";

ManifestRewrite rewrite(std::uint64_t maxBitrate = 1600000) {
  return {"http://origin:8000/vod/show/master.m3u8",
          {"http://origin:8000/vod/", "http://backup:8000/"},
          "/edge/",
          maxBitrate};
}

void checkRefused(const std::string& body, int line, const std::string& field) {
  try {
    filterManifest(body, rewrite());
    BOOST_FAIL("no error for " + body);
  } catch (const ManifestError& e) {
    BOOST_TEST(e.line() == line);
    BOOST_TEST(e.field() == field);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest_hls)

BOOST_AUTO_TEST_CASE(variants_above_the_bitrate_are_dropped_and_uris_go_through_the_point) {
  const std::string expected =
      "#EXTM3U\n"
      "#EXT-X-VERSION:4\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"en\",URI=\"/edge/show/audio/en.m3u8\"\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=400000,CODECS=\"avc1.42e00a,mp4a.40.2\",AUDIO=\"aac\"\n"
      "/edge/show/v400/index.m3u8\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n"
      "/edge/show/v800/index.m3u8\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=1600000,RESOLUTION=960x540\n"
      "/edge/show/v1600/index.m3u8\n"
      "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI=\"/edge/show/v400/iframes.m3u8\"\n";
  BOOST_TEST(filterManifest(kMaster, rewrite()) == expected);
}

BOOST_AUTO_TEST_CASE(a_zero_bitrate_keeps_every_variant) {
  const auto out = filterManifest(kMaster, rewrite(0));
  BOOST_TEST(out.find("BANDWIDTH=3000000") != std::string::npos);
  BOOST_TEST(out.find("/edge/show/v3000/index.m3u8\n") != std::string::npos);
  BOOST_TEST(out.find("URI=\"/edge/show/v3000/iframes.m3u8\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(when_every_variant_exceeds_the_lowest_stays) {
  const auto out = filterManifest(kMaster, rewrite(100000));
  BOOST_TEST(
      out ==
      "#EXTM3U\n"
      "#EXT-X-VERSION:4\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"en\",URI=\"/edge/show/audio/en.m3u8\"\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=400000,CODECS=\"avc1.42e00a,mp4a.40.2\",AUDIO=\"aac\"\n"
      "/edge/show/v400/index.m3u8\n"
      "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI=\"/edge/show/v400/iframes.m3u8\"\n");
}

BOOST_AUTO_TEST_CASE(media_playlists_change_only_in_their_uris) {
  const std::string media =
      "#EXTM3U\r\n"
      "#EXT-X-TARGETDURATION:4\r\n"
      "#EXT-X-KEY:METHOD=AES-128,URI=\"../keys/k1\",IV=0x1\r\n"
      "#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"720@0\"\r\n"
      "#EXTINF:4.0,\r\n"
      "seg0.m4s?token=a%20b\r\n"
      "#EXTINF:4.0,\r\n"
      "http://backup:8000/show/v1/seg1.m4s\r\n"
      "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://"
      "key-id\",KEYFORMAT=\"com.apple.streamingkeydelivery\"\r\n"
      "#EXTINF:4.0,\r\n"
      "https://cdn.example/seg2.m4s\r\n"
      "#EXT-X-ENDLIST";
  ManifestRewrite r = rewrite();
  r.manifestUrl = "http://origin:8000/vod/show/v1/index.m3u8";
  BOOST_TEST(filterManifest(media, r) ==
             "#EXTM3U\r\n"
             "#EXT-X-TARGETDURATION:4\r\n"
             "#EXT-X-KEY:METHOD=AES-128,URI=\"/edge/show/keys/k1\",IV=0x1\r\n"
             "#EXT-X-MAP:URI=\"/edge/show/v1/init.mp4\",BYTERANGE=\"720@0\"\r\n"
             "#EXTINF:4.0,\r\n"
             "/edge/show/v1/seg0.m4s?token=a%20b\r\n"
             "#EXTINF:4.0,\r\n"
             "/edge/show/v1/seg1.m4s\r\n"
             "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://key-id\",KEYFORMAT=\"com.apple."
             "streamingkeydelivery\"\r\n"
             "#EXTINF:4.0,\r\n"
             "https://cdn.example/seg2.m4s\r\n"
             "#EXT-X-ENDLIST");
}

BOOST_AUTO_TEST_CASE(a_relative_uri_outside_every_base_becomes_its_absolute_upstream_url) {
  ManifestRewrite r = rewrite();
  r.upstreamBases = {"http://origin:8000/vod/show/"};
  const auto out = filterManifest("#EXTM3U\n#EXTINF:4,\n../other/seg.ts\n", r);
  BOOST_TEST(out == "#EXTM3U\n#EXTINF:4,\nhttp://origin:8000/vod/other/seg.ts\n");
}

BOOST_AUTO_TEST_CASE(a_base_on_another_port_or_host_is_not_the_upstream) {
  ManifestRewrite r = rewrite();
  const auto out =
      filterManifest("#EXTM3U\nhttp://origin:8001/vod/a.ts\nhttp://evil:8000/vod/b.ts\n", r);
  BOOST_TEST(out == "#EXTM3U\nhttp://origin:8001/vod/a.ts\nhttp://evil:8000/vod/b.ts\n");
}

BOOST_AUTO_TEST_CASE(a_variant_without_bandwidth_is_refused_with_its_line) {
  try {
    filterManifest("#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=1x1\na.m3u8\n", rewrite());
    BOOST_FAIL("no error");
  } catch (const ManifestError& e) {
    BOOST_TEST(e.line() == 2);
    BOOST_TEST(e.field() == "BANDWIDTH");
  }
  BOOST_CHECK_THROW(filterManifest("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=12k\na.m3u8\n", rewrite()),
                    ManifestError);
}

BOOST_AUTO_TEST_CASE(a_variant_without_uri_line_is_refused) {
  checkRefused("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXT-X-STREAM-INF:BANDWIDTH=2\nb.m3u8\n", 2,
               "EXT-X-STREAM-INF");
  checkRefused("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n", 2, "EXT-X-STREAM-INF");
}

BOOST_AUTO_TEST_CASE(a_malformed_uri_attribute_is_refused) {
  checkRefused("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\n", 2, "EXT-X-MAP");
}

BOOST_AUTO_TEST_CASE(other_documents_come_back_as_they_are) {
  const std::string text = "not a manifest\n#EXTM3U\nv1/index.m3u8\n";
  BOOST_TEST(filterManifest(text, rewrite()) == text);
}

BOOST_AUTO_TEST_CASE(manifest_responses_are_told_by_path_or_type) {
  BOOST_TEST(isManifestResponse("/edge/a/master.m3u8", ""));
  BOOST_TEST(isManifestResponse("/edge/a/master.M3U8?x=1", "text/plain"));
  BOOST_TEST(isManifestResponse("/edge/a.ism/Manifest", "text/xml"));
  BOOST_TEST(isManifestResponse("/edge/a.ism/manifest(format=m3u8-aapl)", ""));
  BOOST_TEST(isManifestResponse("/edge/live", "application/vnd.apple.mpegurl; charset=utf-8"));
  BOOST_TEST(isManifestResponse("/x", "Application/X-MpegURL"));
  BOOST_TEST(isManifestResponse("/x", "application/vnd.ms-sstr+xml"));
  BOOST_TEST(!isManifestResponse("/edge/a/seg1.ts", "video/mp2t"));
  BOOST_TEST(
      !isManifestResponse("/edge/a.ism/QualityLevels(400000)/Fragments(video=0)", "video/mp4"));
  BOOST_TEST(!isManifestResponse("/edge/manifest.txt", "text/plain"));
}

BOOST_AUTO_TEST_SUITE_END()
