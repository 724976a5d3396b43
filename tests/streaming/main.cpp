#define BOOST_TEST_MODULE interlude streaming
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>
