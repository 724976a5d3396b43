#include <boost/test/unit_test.hpp>

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

BOOST_AUTO_TEST_SUITE_END()
