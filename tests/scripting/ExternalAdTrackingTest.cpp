#include <boost/test/unit_test.hpp>

#include "interlude/core/MemorySessionStore.h"
#include "tracking/ExternalAdTracking.h"

using interlude::core::MemorySessionStore;
using interlude::scripting::AdEvent;
using interlude::scripting::ExternalAdTracking;
using namespace std::chrono_literals;
using Urls = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(external_ad_tracking)

BOOST_AUTO_TEST_CASE(keeps_the_impression_and_start_urls_under_a_reference_the_id_carries) {
  MemorySessionStore store;
  ExternalAdTracking tracking(store);
  const auto id = tracking.keep("ext/vast",
                                {{"impression", "http://a/imp?x=1"},
                                 {"start", "http://b/start"},
                                 {"complete", "http://a/done"},
                                 {"impression", "http://c/imp2"}},
                                0xabcdef, 1h);
  BOOST_TEST(id == "ext/vast~0000000000abcdef");
  BOOST_TEST(ExternalAdTracking::withoutReference(id) == "ext/vast");
  BOOST_TEST(tracking.urls(id, AdEvent::Impression) == (Urls{"http://a/imp?x=1", "http://c/imp2"}));
  BOOST_TEST(tracking.urls(id, AdEvent::Start) == Urls{"http://b/start"});
  // Quartiles and complete cannot be seen for a redirect: not kept.
  BOOST_TEST(tracking.urls(id, AdEvent::Complete).empty());
}

BOOST_AUTO_TEST_CASE(an_ad_without_such_urls_keeps_its_id_and_nothing) {
  MemorySessionStore store;
  ExternalAdTracking tracking(store);
  BOOST_TEST(tracking.keep("ext/vast", {{"complete", "http://a/done"}}, 7, 1h) == "ext/vast");
  BOOST_TEST(tracking.urls("ext/vast", AdEvent::Impression).empty());
}

BOOST_AUTO_TEST_CASE(ids_without_a_reference_are_left_as_they_are) {
  for (const char* id : {"pre/pre-5s", "external/a~b", "x/y~0000000000abcdeg", "x/y~00abcdef"}) {
    BOOST_TEST(ExternalAdTracking::withoutReference(id) == id);
  }
  MemorySessionStore store;
  BOOST_TEST(ExternalAdTracking(store).urls("x/y~0000000000000001", AdEvent::Start).empty());
}

BOOST_AUTO_TEST_CASE(the_urls_expire_with_the_sessions_that_can_use_them) {
  auto now = std::chrono::system_clock::now();
  MemorySessionStore store([&] { return now; });
  ExternalAdTracking tracking(store);
  const auto id = tracking.keep("ext/vast", {{"impression", "http://a/imp"}}, 1, 60s);
  now += 61s;
  BOOST_TEST(tracking.urls(id, AdEvent::Impression).empty());
}

BOOST_AUTO_TEST_SUITE_END()
