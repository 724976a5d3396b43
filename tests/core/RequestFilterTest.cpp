#include <Poco/Net/NameValueCollection.h>

#include <boost/test/unit_test.hpp>

#include "interlude/core/RequestFilter.h"

using namespace interlude::core;

BOOST_AUTO_TEST_SUITE(request_filter)

BOOST_AUTO_TEST_CASE(limits_give_414_431_413) {
  const Limits limits{10, 2, 40, 100};
  Poco::Net::NameValueCollection headers;
  headers.add("Host", "x");
  BOOST_TEST(!checkLimits(limits, "/short", headers, -1).has_value());
  BOOST_TEST(checkLimits(limits, "/much-too-long", headers, -1)->status == 414);
  BOOST_TEST(checkLimits(limits, "/", headers, 101)->status == 413);
  BOOST_TEST(!checkLimits(limits, "/", headers, 100).has_value());
  headers.add("A", std::string(40, 'a'));
  BOOST_TEST(checkLimits(limits, "/", headers, -1)->status == 431);  // bytes
  headers.add("B", "b");
  const auto many = checkLimits(limits, "/", headers, -1);
  BOOST_TEST(many->status == 431);
  BOOST_TEST(many->rule.find("maxHeaders") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(denied_extensions_and_segments_are_404) {
  FilterRules rules = FilterRules{{".ismv"}, {}, {"private"}}.mergedOver(FilterRules::defaults());
  const auto at = [](std::string path) { return RequestPath{std::move(path), "", false}; };
  BOOST_TEST(checkFilters(rules, at("/rules/ads.LUA"))->status == 404);
  BOOST_TEST(checkFilters(rules, at("/f/web.config"))->rule == "denied extension .config");
  BOOST_TEST(checkFilters(rules, at("/v/a.ismv"))->status == 404);
  BOOST_TEST(checkFilters(rules, at("/Private/x.txt"))->rule == "denied segment Private");
  BOOST_TEST(checkFilters(rules, at("/repo/.git/config"))->status == 404);
  BOOST_TEST(!checkFilters(rules, at("/privately/x.txt")).has_value());
  BOOST_TEST(!checkFilters(rules, at("/v/a.mp4")).has_value());
}

BOOST_AUTO_TEST_CASE(an_allow_lifts_an_inherited_deny) {
  const FilterRules site = FilterRules{{}, {".xsl"}, {}}.mergedOver(FilterRules::defaults());
  BOOST_TEST(!checkFilters(site, RequestPath{"/t.xsl", "", false}).has_value());
  BOOST_TEST(checkFilters(site, RequestPath{"/t.lua", "", false}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
