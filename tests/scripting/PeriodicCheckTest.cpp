#include <boost/test/unit_test.hpp>
#include <chrono>
#include <stdexcept>

#include "interlude/scripting/PeriodicCheck.h"

using interlude::scripting::PeriodicCheck;
using Clock = std::chrono::steady_clock;
using std::chrono::seconds;

BOOST_AUTO_TEST_SUITE(periodic_check)

BOOST_AUTO_TEST_CASE(runs_once_a_period_and_one_at_a_time) {
  const Clock::time_point start{};
  PeriodicCheck<Clock> check(start, seconds(1));
  int runs = 0;
  check.runIfDue(start, [&] { ++runs; });
  BOOST_TEST(runs == 0);  // the first is due a period after the start
  check.runIfDue(start + seconds(1), [&] {
    ++runs;
    check.runIfDue(start + seconds(5), [&] { ++runs; });  // one is running: skipped
  });
  BOOST_TEST(runs == 1);
  check.runIfDue(start + seconds(1) + std::chrono::milliseconds(999), [&] { ++runs; });
  BOOST_TEST(runs == 1);
  check.runIfDue(start + seconds(2), [&] { ++runs; });
  BOOST_TEST(runs == 2);
}

BOOST_AUTO_TEST_CASE(a_check_that_throws_leaves_the_next_due) {
  const Clock::time_point start{};
  PeriodicCheck<Clock> check(start, seconds(1));
  BOOST_CHECK_THROW(check.runIfDue(start + seconds(1), [] { throw std::runtime_error("stat"); }),
                    std::runtime_error);
  int runs = 0;
  check.runIfDue(start + seconds(2), [&] { ++runs; });
  BOOST_TEST(runs == 1);
}

BOOST_AUTO_TEST_SUITE_END()
