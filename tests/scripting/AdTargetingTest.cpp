#include <boost/test/unit_test.hpp>
#include <stdexcept>

#include "interlude/scripting/AdTargeting.h"

using namespace interlude::scripting;
using Kind = AdTextMatch::Kind;
using Poco::Net::IPAddress;

namespace {

AdContext from(const std::string& ip) {
  AdContext context;
  context.client = IPAddress(ip);
  return context;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ad_targeting)

BOOST_AUTO_TEST_CASE(no_condition_matches_anyone) { BOOST_TEST(AdTargeting().matches({})); }

BOOST_AUTO_TEST_CASE(text_matches_compare_exactly_by_substring_ignoring_case_or_by_regex) {
  BOOST_TEST(AdTextMatch(Kind::Equals, "en").matches("en"));
  BOOST_TEST(!AdTextMatch(Kind::Equals, "en").matches("EN"));
  BOOST_TEST(AdTextMatch(Kind::Contains, "Roku").matches("xx ROKU/9"));
  BOOST_TEST(!AdTextMatch(Kind::Contains, "roku").matches("rok"));
  BOOST_TEST(AdTextMatch(Kind::Matches, "^news\\.").matches("news.example.com"));
  BOOST_TEST(!AdTextMatch(Kind::Matches, "^news\\.").matches("fakenews.example.com"));
  BOOST_TEST(AdTextMatch().matches(""));
  BOOST_CHECK_THROW(AdTextMatch(Kind::Matches, "(unclosed"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_query_condition_needs_the_parameter_with_one_of_its_values) {
  AdTargeting t;
  t.addQuery("lang", AdTextMatch(Kind::Equals, "en"));
  t.addQuery("lang", AdTextMatch(Kind::Equals, "fr"));
  AdContext context;
  BOOST_TEST(!t.matches(context));
  context.query["lang"] = "fr";
  BOOST_TEST(t.matches(context));
  context.query["lang"] = "de";
  BOOST_TEST(!t.matches(context));
}

BOOST_AUTO_TEST_CASE(a_query_condition_without_comparison_needs_the_parameter_only) {
  AdTargeting t;
  t.addQuery("member", AdTextMatch());
  AdContext context;
  BOOST_TEST(!t.matches(context));
  context.query["member"] = "";
  BOOST_TEST(t.matches(context));
}

BOOST_AUTO_TEST_CASE(conditions_on_different_names_must_all_hold) {
  AdTargeting t;
  t.addQuery("lang", AdTextMatch(Kind::Equals, "en"));
  t.addQuery("country", AdTextMatch(Kind::Equals, "gb"));
  AdContext context;
  context.query["lang"] = "en";
  BOOST_TEST(!t.matches(context));
  context.query["country"] = "gb";
  BOOST_TEST(t.matches(context));
}

BOOST_AUTO_TEST_CASE(header_names_ignore_case) {
  AdTargeting t;
  t.addHeader("Referer", AdTextMatch(Kind::Matches, "^https://news\\."));
  AdContext context;
  context.headers["referer"] = "https://news.example.com/a";
  BOOST_TEST(t.matches(context));
  context.headers["referer"] = "https://sport.example.com/a";
  BOOST_TEST(!t.matches(context));
}

BOOST_AUTO_TEST_CASE(user_agent_conditions_are_alternatives) {
  AdTargeting t;
  t.addUserAgent(AdTextMatch(Kind::Contains, "roku"));
  t.addUserAgent(AdTextMatch(Kind::Contains, "tizen"));
  AdContext context;
  context.userAgent = "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0)";
  BOOST_TEST(t.matches(context));
  context.userAgent = "Mozilla/5.0 (X11; Linux x86_64)";
  BOOST_TEST(!t.matches(context));
}

BOOST_AUTO_TEST_CASE(ip_ranges_match_v4_v6_and_v4_mapped_clients) {
  AdTargeting t;
  t.addRange(interlude::core::IpRange::parse("10.0.0.0/8"));
  t.addRange(interlude::core::IpRange::parse("2001:db8::/32"));
  t.addRange(interlude::core::IpRange::parse("192.0.2.7"));
  BOOST_TEST(t.matches(from("10.200.3.4")));
  BOOST_TEST(t.matches(from("::ffff:10.1.2.3")));
  BOOST_TEST(t.matches(from("2001:db8:1::5")));
  BOOST_TEST(t.matches(from("192.0.2.7")));
  BOOST_TEST(!t.matches(from("192.0.2.8")));
  BOOST_TEST(!t.matches(from("11.0.0.1")));
  BOOST_TEST(!t.matches(from("2001:db9::1")));
  BOOST_TEST(!t.matches({}));  // no client address known
}

BOOST_AUTO_TEST_CASE(ip_ranges_refuse_partial_addresses_and_long_prefixes) {
  BOOST_CHECK_THROW(interlude::core::IpRange::parse("10.0.0/8"), std::invalid_argument);
  BOOST_CHECK_THROW(interlude::core::IpRange::parse("10.0.0.0/33"), std::invalid_argument);
  BOOST_CHECK_THROW(interlude::core::IpRange::parse("::/129"), std::invalid_argument);
  BOOST_CHECK_THROW(interlude::core::IpRange::parse("10.0.0.0/x"), std::invalid_argument);
  BOOST_TEST(interlude::core::IpRange::parse("0.0.0.0/0").contains(IPAddress("8.8.8.8")));
}

BOOST_AUTO_TEST_SUITE_END()
