#include <boost/test/unit_test.hpp>

#include "interlude/core/Responses.h"

using interlude::core::responseDate;

BOOST_AUTO_TEST_SUITE(responses)

BOOST_AUTO_TEST_CASE(the_date_follows_the_clock_by_the_second) {
  BOOST_TEST(responseDate(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  BOOST_TEST(responseDate(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");  // reused
  BOOST_TEST(responseDate(784111778) == "Sun, 06 Nov 1994 08:49:38 GMT");
  BOOST_TEST(responseDate(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
}

BOOST_AUTO_TEST_SUITE_END()
