#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cache/EdgeCache.h"
#include "interlude/core/Metrics.h"

using namespace interlude::streaming::cache;
namespace fs = std::filesystem;

namespace {

// A cache in a fresh folder with a clock the test moves.
struct CacheFixture {
  CacheFixture() {
    char name[] = "/tmp/edge-cache-test-XXXXXX";
    folder = ::mkdtemp(name);
  }
  ~CacheFixture() { fs::remove_all(folder); }

  std::unique_ptr<EdgeCache> make(
      std::uint64_t maxBytes = 1 << 20,
      std::chrono::milliseconds collapseWait = std::chrono::seconds(30)) {
    return std::make_unique<EdgeCache>(CacheSettings{folder, maxBytes, 0, collapseWait}, "p",
                                       metrics, [this] { return now; });
  }

  // Leads the fetch of `key` and stores `body` with `headers`.
  static void store(EdgeCache& cache, const std::string& key, const std::string& body,
                    HeaderList headers = {{"Cache-Control", "max-age=60"}}) {
    auto lookup = cache.lookup(key);
    BOOST_REQUIRE(lookup.fill);
    BOOST_REQUIRE(lookup.fill->begin(200, headers));
    BOOST_REQUIRE(lookup.fill->write(body));
    lookup.fill->commit();
  }

  // A lookup of `key` on another thread, once it waits for the fill `leader` holds.
  std::thread waiterOn(EdgeCache& cache, const std::string& key, CacheLookup& result) {
    const auto missesBefore = cache.stats().misses;
    std::thread waiter([&cache, key, &result] { result = cache.lookup(key); });
    // The waiter counts its miss under the lock it only gives up by waiting.
    while (cache.stats().misses == missesBefore) std::this_thread::yield();
    return waiter;
  }

  static std::string bodyOf(const CacheHit& hit) {
    std::string body(hit.bodySize, '\0');
    const auto n =
        ::pread(hit.body.get(), body.data(), body.size(), static_cast<off_t>(hit.bodyOffset));
    BOOST_REQUIRE(n == static_cast<ssize_t>(body.size()));
    return body;
  }

  std::string folder;
  std::time_t now = 1'800'000'000;
  interlude::core::MetricsRegistry metrics;
};

const std::string kKey = EdgeCache::keyOf("p", "/seg1.ts");

}  // namespace

BOOST_FIXTURE_TEST_SUITE(edge_cache, CacheFixture)

BOOST_AUTO_TEST_CASE(a_miss_leads_then_the_next_request_hits) {
  auto cache = make();
  auto first = cache->lookup(kKey);
  BOOST_TEST(!first.hit);
  BOOST_REQUIRE(first.fill);
  BOOST_TEST(first.fill->begin(
      200,
      {{"Content-Type", "video/mp2t"}, {"Content-Length", "10"}, {"Cache-Control", "max-age=60"}}));
  BOOST_TEST(first.fill->write("01234"));
  BOOST_TEST(first.fill->write("56789"));
  // Not visible before commit.
  BOOST_TEST(!cache->find(kKey));
  first.fill->commit();

  now += 5;
  auto second = cache->lookup(kKey);
  BOOST_REQUIRE(second.hit);
  BOOST_TEST(!second.fill);
  BOOST_TEST(second.hit->status == 200);
  BOOST_TEST(bodyOf(*second.hit) == "0123456789");
  BOOST_TEST(*findHeader(second.hit->headers, "content-type") == "video/mp2t");
  BOOST_TEST(second.hit->ageSeconds == 5);
  BOOST_TEST(std::string(EdgeCache::xCacheValue(true)) == "HIT");
  const auto stats = cache->stats();
  BOOST_TEST(stats.hits == 1u);
  BOOST_TEST(stats.misses == 2u);  // the lookup and the find before commit
  BOOST_TEST(stats.stores == 1u);
  BOOST_TEST(stats.entries == 1u);
  BOOST_TEST(metrics.snapshot().at("interlude_streaming_cache_hits_total{point=\"p\"}") == 1);
}

BOOST_AUTO_TEST_CASE(an_entry_is_never_served_beyond_its_max_age) {
  auto cache = make();
  store(*cache, kKey, "live manifest", {{"Cache-Control", "max-age=2"}, {"Age", "1"}});
  BOOST_TEST(cache->find(kKey).has_value());
  now += 1;  // one second here plus one upstream: two, its max-age
  BOOST_TEST(!cache->find(kKey));
  BOOST_TEST(cache->stats().entries == 0u);
  BOOST_TEST(cache->stats().evictions == 1u);
  BOOST_TEST(cache->lookup(kKey).fill != nullptr);
}

BOOST_AUTO_TEST_CASE(a_response_not_storable_is_fetched_by_all_for_a_while) {
  auto cache = make();
  auto first = cache->lookup(kKey);
  BOOST_REQUIRE(first.fill);
  BOOST_TEST(!first.fill->begin(200, {{"Cache-Control", "no-store"}}));
  BOOST_TEST(!first.fill->write("x"));
  first.fill->commit();
  first.fill.reset();
  // Nobody leads (and nobody waits) while it is known not storable...
  const auto second = cache->lookup(kKey);
  BOOST_TEST(!second.hit);
  BOOST_TEST(!second.fill);
  BOOST_TEST(!second.collapsed);
  // ...then one request leads again, in case it changed.
  now += 11;
  BOOST_TEST(cache->lookup(kKey).fill != nullptr);
  BOOST_TEST(cache->stats().stores == 0u);
}

BOOST_AUTO_TEST_CASE(a_fill_dropped_or_short_of_its_content_length_stores_nothing) {
  auto cache = make();
  {
    auto dropped = cache->lookup(kKey);
    BOOST_REQUIRE(dropped.fill);
    BOOST_TEST(dropped.fill->begin(200, {{"Cache-Control", "max-age=60"}}));
    BOOST_TEST(dropped.fill->write("half"));
  }
  auto shortOne = cache->lookup(kKey);
  BOOST_REQUIRE(shortOne.fill);  // the dropped fill released the key
  BOOST_TEST(shortOne.fill->begin(200, {{"Cache-Control", "max-age=60"}, {"Content-Length", "9"}}));
  BOOST_TEST(shortOne.fill->write("half"));
  shortOne.fill->commit();
  BOOST_TEST(!cache->find(kKey));
  BOOST_TEST(cache->stats().stores == 0u);
  BOOST_TEST(fs::is_empty(fs::path(folder) / "tmp"));
}

BOOST_AUTO_TEST_CASE(an_object_over_the_object_limit_is_not_stored) {
  auto cache = make(800);  // objects up to 100 bytes
  auto lookup = cache->lookup(kKey);
  BOOST_REQUIRE(lookup.fill);
  BOOST_TEST(lookup.fill->begin(200, {{"Cache-Control", "max-age=60"}}));
  BOOST_TEST(lookup.fill->write(std::string(60, 'a')));
  BOOST_TEST(!lookup.fill->write(std::string(60, 'b')));
  lookup.fill->commit();
  BOOST_TEST(!cache->find(kKey));
  auto announced = cache->lookup(EdgeCache::keyOf("p", "/big"));
  BOOST_REQUIRE(announced.fill);
  BOOST_TEST(
      !announced.fill->begin(200, {{"Cache-Control", "max-age=60"}, {"Content-Length", "1000"}}));
}

BOOST_AUTO_TEST_CASE(the_least_recently_used_go_first_over_the_size_cap) {
  auto cache = make(4000);  // objects up to 500 bytes, entries about 450 with their head
  const auto key = [](int i) { return EdgeCache::keyOf("p", "/s" + std::to_string(i)); };
  for (int i = 0; i < 8; ++i) store(*cache, key(i), std::string(350, 'x'));
  BOOST_TEST(cache->stats().evictions == 0u);
  BOOST_TEST(cache->find(key(0)).has_value());  // 0 is now the most recent
  store(*cache, key(8), std::string(350, 'y'));
  store(*cache, key(9), std::string(350, 'y'));
  const auto stats = cache->stats();
  BOOST_TEST(stats.bytes <= 4000u);
  BOOST_TEST(stats.evictions >= 1u);
  BOOST_TEST(cache->find(key(0)).has_value());
  BOOST_TEST(!cache->find(key(1)));
  BOOST_TEST(cache->find(key(9)).has_value());
}

BOOST_AUTO_TEST_CASE(entries_outlive_the_cache_object_and_junk_is_cleared) {
  store(*make(), kKey, "kept");
  store(*make(), EdgeCache::keyOf("p", "/short"), "gone", {{"Cache-Control", "max-age=3"}});
  std::ofstream(fs::path(folder) / "tmp" / "fill-abandoned") << "half";
  fs::create_directories(fs::path(folder) / "ab");
  std::ofstream(fs::path(folder) / "ab" / "not-an-entry") << "junk";

  now += 10;
  auto cache = make();
  const auto hit = cache->find(kKey);
  BOOST_REQUIRE(hit);
  BOOST_TEST(bodyOf(*hit) == "kept");
  BOOST_TEST(hit->ageSeconds == 10);
  BOOST_TEST(cache->stats().entries == 1u);
  BOOST_TEST(fs::is_empty(fs::path(folder) / "tmp"));
  BOOST_TEST(!fs::exists(fs::path(folder) / "ab" / "not-an-entry"));
}

BOOST_AUTO_TEST_CASE(an_entry_with_a_long_head_is_read_back_too) {
  const std::string longValue(6000, 'v');  // beyond the first read of a head
  store(*make(), kKey, "body", {{"Cache-Control", "max-age=60"}, {"X-Long", longValue}});
  const auto hit = make()->find(kKey);
  BOOST_REQUIRE(hit);
  BOOST_TEST(*findHeader(hit->headers, "X-Long") == longValue);
  BOOST_TEST(bodyOf(*hit) == "body");
}

BOOST_AUTO_TEST_CASE(concurrent_misses_wait_for_the_leader_and_read_its_entry) {
  auto cache = make();
  auto leader = cache->lookup(kKey);
  BOOST_REQUIRE(leader.fill);
  CacheLookup waited;
  auto waiter = waiterOn(*cache, kKey, waited);
  BOOST_TEST(leader.fill->begin(200, {{"Cache-Control", "max-age=60"}}));
  BOOST_TEST(leader.fill->write("segment"));
  leader.fill->commit();
  waiter.join();
  BOOST_REQUIRE(waited.hit);
  BOOST_TEST(waited.collapsed);
  BOOST_TEST(!waited.fill);
  BOOST_TEST(bodyOf(*waited.hit) == "segment");
  BOOST_TEST(cache->stats().collapsed == 1u);
}

BOOST_AUTO_TEST_CASE(when_the_leader_fails_the_waiters_fetch_themselves) {
  auto cache = make();
  auto leader = cache->lookup(kKey);
  BOOST_REQUIRE(leader.fill);
  CacheLookup waited;
  auto waiter = waiterOn(*cache, kKey, waited);
  leader.fill.reset();  // upstream failed
  waiter.join();
  BOOST_TEST(!waited.hit);
  BOOST_TEST(!waited.fill);
  BOOST_TEST(waited.collapsed);
  BOOST_TEST(cache->stats().collapsed == 0u);
}

BOOST_AUTO_TEST_CASE(the_wait_for_a_leader_is_bounded) {
  auto cache = make(1 << 20, std::chrono::milliseconds(0));
  auto leader = cache->lookup(kKey);
  BOOST_REQUIRE(leader.fill);
  const auto waited = cache->lookup(kKey);
  BOOST_TEST(!waited.hit);
  BOOST_TEST(!waited.fill);
  BOOST_TEST(waited.collapsed);
}

BOOST_AUTO_TEST_CASE(an_unwritable_folder_is_refused) {
  BOOST_CHECK_THROW(std::make_unique<EdgeCache>(CacheSettings{"/proc/edge-cache"}, "p", metrics),
                    std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
