#include <atomic>
#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>
#include <vector>

#include "interlude/core/MemorySessionStore.h"

using namespace interlude::core;
using namespace std::chrono_literals;

namespace {
// A store on a clock the test moves.
struct Fixture {
  SessionStore::Clock::time_point now{std::chrono::seconds(1'000'000)};
  MemorySessionStore store{[this] { return now; }};
};
}  // namespace

BOOST_FIXTURE_TEST_SUITE(memory_session_store, Fixture)

BOOST_AUTO_TEST_CASE(create_get_expire) {
  BOOST_TEST(store.create("s1", "v", 10s));
  BOOST_TEST(!store.create("s1", "w", 10s));  // exists
  BOOST_TEST(*store.get("s1") == "v");
  now += 11s;
  BOOST_TEST(!store.get("s1").has_value());
  BOOST_TEST(store.create("s1", "w", 10s));  // gone, so it can be made again
}

BOOST_AUTO_TEST_CASE(the_sweep_frees_expired_keys_nobody_asks_for) {
  for (int i = 0; i < 1000; ++i) store.create("short" + std::to_string(i), "v", 10s);
  store.create("long", "v", 1000s);
  now += 11s;
  // Writes, spread over more than the sweep interval and over every shard, drive the sweep.
  for (int i = 0; i < 5000; ++i, now += 4ms) store.create("w" + std::to_string(i), "v", 1000s);
  BOOST_TEST(store.held() == 5001u);
}

BOOST_AUTO_TEST_CASE(a_touch_that_shortens_a_key_is_swept_at_its_new_time) {
  for (int i = 0; i < 100; ++i) store.create("k" + std::to_string(i), "v", 1000s);
  // Long enough for a sweep pass to learn that nothing expires before 1000 s.
  for (int i = 0; i < 5000; ++i, now += 4ms) store.create("w" + std::to_string(i), "v", 1000s);
  BOOST_TEST(store.touch("k7", 5s));
  now += 6s;
  for (int i = 0; i < 5000; ++i, now += 4ms) store.create("x" + std::to_string(i), "v", 1000s);
  BOOST_TEST(store.held() == 10099u);
  BOOST_TEST(!store.get("k7").has_value());
}

BOOST_AUTO_TEST_CASE(touch_extends) {
  store.create("s", "v", 10s);
  now += 8s;
  BOOST_TEST(store.touch("s", 10s));
  now += 8s;
  BOOST_TEST(store.get("s").has_value());
  now += 3s;
  BOOST_TEST(!store.touch("s", 10s));
}

BOOST_AUTO_TEST_CASE(compare_and_set) {
  store.create("s", "a", 10s);
  BOOST_TEST(!store.compareAndSet("s", "b", "c"));
  BOOST_TEST(store.compareAndSet("s", "a", "c"));
  BOOST_TEST(*store.get("s") == "c");
  BOOST_TEST(!store.compareAndSet("missing", "", "x"));
}

BOOST_AUTO_TEST_CASE(counters) {
  BOOST_TEST(store.increment("c", 1, 10s) == 1);
  BOOST_TEST(store.increment("c", 5, 10s) == 6);
  now += 11s;
  BOOST_TEST(store.increment("c", 1, 10s) == 1);
}

BOOST_AUTO_TEST_CASE(admission_is_bounded_and_expires) {
  BOOST_TEST(store.admit("pl", "a", 2, now + 10s));
  BOOST_TEST(store.admit("pl", "b", 2, now + 20s));
  BOOST_TEST(!store.admit("pl", "c", 2, now + 10s));  // full
  BOOST_TEST(store.admit("pl", "a", 2, now + 30s));   // a member renews
  now += 21s;                                         // b has gone
  BOOST_TEST(store.admit("pl", "c", 2, now + 10s));
  store.leave("pl", "c");
  BOOST_TEST(store.admit("pl", "d", 2, now + 10s));
  BOOST_TEST(store.admit("other", "x", 0, now + 10s));  // 0: no limit
}

// The keys spread over the store's shards: every one keeps its own value and
// expiry, and size() counts them all.
BOOST_AUTO_TEST_CASE(many_keys_each_keep_their_value) {
  for (int i = 0; i < 1000; ++i) {
    BOOST_REQUIRE(store.create("k" + std::to_string(i), std::to_string(i), i < 500 ? 10s : 20s));
  }
  BOOST_TEST(store.size() == 1000u);
  int wrong = 0;
  for (int i = 0; i < 1000; ++i) wrong += *store.get("k" + std::to_string(i)) != std::to_string(i);
  BOOST_TEST(wrong == 0);
  store.remove("k999");
  now += 15s;
  BOOST_TEST(store.size() == 499u);
  BOOST_TEST(!store.get("k0").has_value());
  BOOST_TEST(*store.get("k500") == "500");
}

BOOST_AUTO_TEST_CASE(a_group_and_a_key_of_one_name_are_apart) {
  BOOST_TEST(store.create("viewers", "v", 10s));
  BOOST_TEST(store.admit("viewers", "a", 1, now + 10s));
  BOOST_TEST(*store.get("viewers") == "v");
  store.leave("viewers", "a");
  BOOST_TEST(*store.get("viewers") == "v");
  BOOST_TEST(store.admit("viewers", "b", 1, now + 10s));
}

// Threads at once: a key is made once, and a group admits up to its limit.
BOOST_AUTO_TEST_CASE(concurrent_creates_and_admissions_keep_the_limits) {
  std::atomic<int> created{0};
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const auto name = std::to_string(i);
        created += store.create("key" + name, "v", 10s);
        admitted += store.admit("group", name + "-" + std::to_string(t), 100, now + 10s);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(created.load() == 200);
  BOOST_TEST(admitted.load() == 100);
  BOOST_TEST(store.size() == 200u);
}

BOOST_AUTO_TEST_CASE(keys_lists_live_keys_by_prefix) {
  for (int i = 0; i < 30; ++i) store.create("session:" + std::to_string(i), "v", 10s);
  store.create("session:short", "v", 1s);
  store.create("plan:1", "v", 10s);
  now += 2s;  // session:short has expired
  BOOST_TEST(store.keys("session:", 100).size() == 30u);
  BOOST_TEST(store.keys("session:", 7).size() == 7u);
  BOOST_TEST(store.keys("plan:", 100) == std::vector<std::string>{"plan:1"});
}

BOOST_AUTO_TEST_SUITE_END()
