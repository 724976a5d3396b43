#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <boost/test/unit_test.hpp>

#include "ProxyFixture.h"

using namespace interlude::streaming;
using namespace interlude::streaming::testing;
using interlude::testing::LocalHttpServer;

namespace {

const std::string kMaster =
    "#EXTM3U\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x180\nv400/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=480x270\nv800/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=1600000,RESOLUTION=640x360\nv1600/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720\nv3000/index.m3u8\n";

struct ManifestUpstream {
  ManifestUpstream()
      : server(
            [this](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
              {
                const std::lock_guard lock(mutex);
                acceptEncoding.push_back(request.get("Accept-Encoding", ""));
                ranges.push_back(request.get("Range", ""));
              }
              response.setContentType("application/vnd.apple.mpegurl");
              response.setContentLength64(static_cast<Poco::Int64>(body.size()));
              response.send() << body;
            }) {}
  std::string body = kMaster;
  std::mutex mutex;
  std::vector<std::string> acceptEncoding;
  std::vector<std::string> ranges;
  LocalHttpServer server;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(proxy_manifests)

BOOST_AUTO_TEST_CASE(a_master_playlist_loses_variants_above_the_limit_and_points_back_here) {
  ManifestUpstream upstream;
  ProxyFront front(settingsFor({upstream.server.url("/hls/")}));
  const auto got = fetch(front.url("/show/master.m3u8"), "GET",
                         {{"Accept-Encoding", "gzip"}, {"Range", "bytes=0-"}});
  BOOST_TEST(got.status == 200);
  BOOST_TEST(got.body.find("v3000") == std::string::npos);
  BOOST_TEST(got.body.find("/live/show/v400/index.m3u8") != std::string::npos);
  BOOST_TEST(got.body.find("/live/show/v1600/index.m3u8") != std::string::npos);
  BOOST_TEST(got.head.getContentLength64() == static_cast<Poco::Int64>(got.body.size()));
  const std::lock_guard lock(upstream.mutex);
  BOOST_TEST(upstream.acceptEncoding.at(0).empty());  // asked unencoded and whole,
  BOOST_TEST(upstream.ranges.at(0).empty());          // to be rewritten
}

BOOST_AUTO_TEST_CASE(the_limit_follows_the_point_setting) {
  ManifestUpstream upstream;
  auto settings = settingsFor({upstream.server.url("/hls/")});
  settings.maxBitrate = 0;
  ProxyFront front(settings);
  BOOST_TEST(fetch(front.url("/master.m3u8")).body.find("/live/v3000/index.m3u8") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_m3u8_alias_reaches_the_upstream_without_its_suffix) {
  ManifestUpstream upstream;
  ProxyFront front(settingsFor({upstream.server.url("/origin/")}));
  const auto got = fetch(front.url("/show.isml/Manifest(format=m3u8-aapl).m3u8?t=1"));
  BOOST_TEST(got.status == 200);
  std::string asked;
  Poco::URI::decode(upstream.server.requests().at(0), asked);
  BOOST_TEST(asked == "/origin/show.isml/Manifest(format=m3u8-aapl)?t=1");
}

BOOST_AUTO_TEST_CASE(a_manifest_over_the_size_limit_is_a_502) {
  ManifestUpstream upstream;
  auto settings = settingsFor({upstream.server.url("/")});
  settings.maxManifestBytes = 64;
  ProxyFront front(settings);
  const auto got = fetch(front.url("/master.m3u8"));
  BOOST_TEST(got.status == 502);
  BOOST_TEST(got.body.find("manifest over 64 bytes") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
