#include <boost/test/unit_test.hpp>

#include "cache/Freshness.h"
#include "interlude/core/HttpConditions.h"

using namespace interlude::streaming::cache;

namespace {

constexpr std::time_t kNow = 1'800'000'000;

Freshness of(HeaderList headers, int status = 200) { return freshnessOf(status, headers, kNow); }

}  // namespace

BOOST_AUTO_TEST_SUITE(cache_freshness)

BOOST_AUTO_TEST_CASE(max_age_and_s_maxage_give_the_lifetime) {
  const auto maxAge = of({{"Cache-Control", "public, max-age=60"}});
  BOOST_TEST(maxAge.storable);
  BOOST_TEST(maxAge.lifetimeSeconds == 60);
  BOOST_TEST(of({{"cache-control", "max-age=60, S-MAXAGE=5"}}).lifetimeSeconds == 5);
  BOOST_TEST(
      of({{"Cache-Control", "max-age=60"}, {"Cache-Control", "s-maxage=7"}}).lifetimeSeconds == 7);
}

BOOST_AUTO_TEST_CASE(expires_counts_from_date) {
  const auto date = interlude::core::httpDate(kNow - 10);
  const auto expires = interlude::core::httpDate(kNow + 20);
  const auto f = of({{"Date", date}, {"Expires", expires}});
  BOOST_TEST(f.storable);
  BOOST_TEST(f.lifetimeSeconds == 30);
  BOOST_TEST(f.initialAgeSeconds == 10);
  // max-age wins over Expires.
  BOOST_TEST(of({{"Expires", expires}, {"Cache-Control", "max-age=3"}}).lifetimeSeconds == 3);
}

BOOST_AUTO_TEST_CASE(an_invalid_expires_or_max_age_is_already_stale) {
  BOOST_TEST(!of({{"Expires", "0"}}).storable);
  BOOST_TEST(of({{"Expires", "0"}}).reason == "stale on arrival");
  BOOST_TEST(!of({{"Cache-Control", "max-age=abc"}}).storable);
  BOOST_TEST(!of({{"Cache-Control", "max-age=-5"}}).storable);
  BOOST_TEST(!of({{"Cache-Control", "max-age=0"}}).storable);
}

BOOST_AUTO_TEST_CASE(age_already_spent_counts) {
  const auto f = of({{"Cache-Control", "max-age=10"}, {"Age", "4"}});
  BOOST_TEST(f.storable);
  BOOST_TEST(f.initialAgeSeconds == 4);
  BOOST_TEST(!of({{"Cache-Control", "max-age=10"}, {"Age", "10"}}).storable);
  // Date older than Age says: the larger age counts.
  BOOST_TEST(of({{"Cache-Control", "max-age=10"},
                 {"Age", "1"},
                 {"Date", interlude::core::httpDate(kNow - 6)}})
                 .initialAgeSeconds == 6);
}

BOOST_AUTO_TEST_CASE(what_a_shared_cache_must_not_store) {
  for (const char* directive : {"no-store", "private", "no-cache", "private=\"x, max-age=9\""}) {
    const auto f = of({{"Cache-Control", std::string("max-age=60, ") + directive}});
    BOOST_TEST(!f.storable, directive);
  }
  BOOST_TEST(of({{"Cache-Control", "max-age=60"}, {"Cache-Control", "no-store"}}).reason ==
             "no-store");
  BOOST_TEST(of({{"Cache-Control", "max-age=60"}, {"Set-Cookie", "a=b"}}).reason == "Set-Cookie");
  BOOST_TEST(of({{"Cache-Control", "max-age=60"}, {"Vary", "Accept-Encoding"}}).reason == "Vary");
  BOOST_TEST(of({{"Last-Modified", interlude::core::httpDate(kNow - 3600)}}).reason ==
             "no explicit freshness");
}

BOOST_AUTO_TEST_CASE(only_some_statuses_are_stored) {
  const HeaderList cacheable = {{"Cache-Control", "max-age=60"}};
  for (const int status : {200, 203, 204, 301, 404, 410}) {
    BOOST_TEST(of(cacheable, status).storable, status);
  }
  for (const int status : {206, 302, 304, 500, 502, 503}) {
    BOOST_TEST(!of(cacheable, status).storable, status);
  }
}

BOOST_AUTO_TEST_SUITE_END()
