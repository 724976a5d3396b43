#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>
#include <vector>

#include "interlude/core/Text.h"

using interlude::core::decodeQuery;
using interlude::core::decodeQueryComponent;
using Pairs = std::vector<std::pair<std::string, std::string>>;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(query_components_decode_as_forms_encode_them) {
  BOOST_TEST(decodeQueryComponent("plain") == "plain");
  BOOST_TEST(decodeQueryComponent("a+b") == "a b");  // no '?' before it, unlike what Poco expects
  BOOST_TEST(decodeQueryComponent("x%20y+z") == "x y z");
  BOOST_TEST(decodeQueryComponent("1%2B1") == "1+1");  // an encoded plus stays one
  BOOST_TEST(decodeQueryComponent("%C3%A9t%C3%A9") == "\xC3\xA9t\xC3\xA9");
  BOOST_TEST(decodeQueryComponent("") == "");
  // A '%' without two hex digits is kept, as browsers and the URL standard do.
  BOOST_TEST(decodeQueryComponent("%zz%4") == "%zz%4");
  BOOST_TEST(decodeQueryComponent("100%") == "100%");
  BOOST_TEST(decodeQueryComponent("%41%4a%4A") == "AJJ");
}

BOOST_AUTO_TEST_CASE(a_query_is_its_pairs_in_order) {
  BOOST_TEST((decodeQuery("a=1&b=x+y&&flag&a=2&c=") ==
              Pairs{{"a", "1"}, {"b", "x y"}, {"flag", ""}, {"a", "2"}, {"c", ""}}));
  BOOST_TEST((decodeQuery("slot=%zz") == Pairs{{"slot", "%zz"}}));
  BOOST_TEST(decodeQuery("").empty());
  BOOST_TEST(interlude::core::queryOf("/_/ads/vast?slot=a&max=2") == "slot=a&max=2");
  BOOST_TEST(interlude::core::queryOf("/p.isx").empty());
}

BOOST_AUTO_TEST_SUITE_END()
