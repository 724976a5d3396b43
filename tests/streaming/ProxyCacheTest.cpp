#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/TemporaryFile.h>

#include <boost/test/unit_test.hpp>

#include "ProxyFixture.h"
#include "cache/CacheSettings.h"
#include "cache/EdgeCache.h"

using namespace interlude::streaming;
using namespace interlude::streaming::testing;
using interlude::testing::LocalHttpServer;

namespace {

struct CachedPoint {
  explicit CachedPoint(const std::string& upstreamUrl) : settings(settingsFor({upstreamUrl})) {
    cache::CacheSettings cacheSettings;
    cacheSettings.folder = folder.path();
    settings.cache = std::make_shared<cache::EdgeCache>(cacheSettings, "test", metrics);
  }
  interlude::core::MetricsRegistry metrics;
  Poco::TemporaryFile folder;  // removed with what the cache put in it
  proxy::UpstreamSettings settings;
};

LocalHttpServer::Respond segment(const std::string& cacheControl,
                                 std::atomic<bool>* hold = nullptr) {
  return
      [cacheControl, hold](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) {
        while (hold && hold->load()) std::this_thread::yield();
        const std::string body(200000, 's');
        response.set("Cache-Control", cacheControl);
        response.setContentType("video/mp2t");
        response.setContentLength64(static_cast<Poco::Int64>(body.size()));
        response.send() << body;
      };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(proxy_cache)

BOOST_AUTO_TEST_CASE(a_cacheable_segment_is_a_miss_then_a_hit) {
  LocalHttpServer upstream(segment("max-age=60"));
  CachedPoint point(upstream.url("/"));
  ProxyFront front(point.settings);
  const auto first = fetch(front.url("/seg1.ts"));
  const auto second = fetch(front.url("/seg1.ts"));
  BOOST_TEST(first.head.get("X-Cache", "") == "MISS");
  BOOST_TEST(second.head.get("X-Cache", "") == "HIT");
  BOOST_TEST(second.body == first.body);
  BOOST_TEST(first.body.size() == 200000u);
  BOOST_TEST(upstream.requests().size() == 1u);
  const auto stats = front.proxy().stats();
  BOOST_TEST(stats.cacheHits == 1u);
  BOOST_TEST(stats.cacheMisses == 1u);
}

BOOST_AUTO_TEST_CASE(a_range_from_the_start_is_answered_whole_and_cached) {
  LocalHttpServer upstream(segment("max-age=60"));
  CachedPoint point(upstream.url("/"));
  ProxyFront front(point.settings);
  const auto first = fetch(front.url("/seg3.ts"), "GET", {{"Range", "bytes=0-"}});
  const auto second = fetch(front.url("/seg3.ts"), "GET", {{"Range", "bytes=0-"}});
  BOOST_TEST(first.status == 200);
  BOOST_TEST(first.body.size() == 200000u);
  BOOST_TEST(second.head.get("X-Cache", "") == "HIT");
  BOOST_TEST(upstream.requests().size() == 1u);
}

BOOST_AUTO_TEST_CASE(ranges_of_a_stored_segment_are_answered_from_it) {
  LocalHttpServer upstream(segment("max-age=60"));
  CachedPoint point(upstream.url("/"));
  ProxyFront front(point.settings);
  const auto before = fetch(front.url("/seg4.ts"), "GET", {{"Range", "bytes=10-19"}});
  BOOST_TEST(before.head.get("X-Cache", "") == "MISS");  // not stored yet: the upstream answers
  const auto whole = fetch(front.url("/seg4.ts"));
  const auto part = fetch(front.url("/seg4.ts"), "GET", {{"Range", "bytes=100-199"}});
  BOOST_TEST(part.status == 206);
  BOOST_TEST(part.head.get("X-Cache", "") == "HIT");
  BOOST_TEST(part.head.get("Content-Range", "") == "bytes 100-199/200000");
  BOOST_TEST(part.body == whole.body.substr(100, 100));
  const auto outside = fetch(front.url("/seg4.ts"), "GET", {{"Range", "bytes=300000-"}});
  BOOST_TEST(outside.status == 416);
  BOOST_TEST(outside.head.get("Content-Range", "") == "bytes */200000");
  BOOST_TEST(upstream.requests().size() == 2u);
}

BOOST_AUTO_TEST_CASE(no_store_and_ranges_always_reach_the_upstream) {
  LocalHttpServer upstream(segment("no-store"));
  CachedPoint point(upstream.url("/"));
  ProxyFront front(point.settings);
  fetch(front.url("/seg1.ts"));
  BOOST_TEST(fetch(front.url("/seg1.ts")).head.get("X-Cache", "") == "MISS");
  fetch(front.url("/seg1.ts"), "GET", {{"Range", "bytes=0-9"}});
  BOOST_TEST(upstream.requests().size() == 3u);  // nothing stored: the range goes upstream too
}

BOOST_AUTO_TEST_CASE(concurrent_misses_make_one_upstream_fetch) {
  std::atomic<bool> hold{true};
  LocalHttpServer upstream(segment("max-age=60", &hold));
  CachedPoint point(upstream.url("/"));
  ProxyFront front(point.settings);
  std::vector<std::thread> clients;
  std::vector<std::string> bodies(4);
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    clients.emplace_back([&, i] { bodies[i] = fetch(front.url("/seg2.ts")).body; });
  }
  // The leader's fetch is held until every client has missed (one leads, the
  // others wait for it).
  while (front.proxy().stats().cacheMisses < bodies.size()) std::this_thread::yield();
  hold = false;
  for (auto& client : clients) client.join();
  for (const auto& body : bodies) BOOST_TEST(body.size() == 200000u);
  BOOST_TEST(upstream.requests().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
