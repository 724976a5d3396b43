// The token bucket's maths and the timer wheel's ordering, on a fake clock.
#include <boost/test/unit_test.hpp>

#include "interlude/throttling/TimerWheel.h"
#include "interlude/throttling/TokenBucket.h"

using namespace interlude::throttling;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

BOOST_AUTO_TEST_SUITE(token_bucket)

BOOST_AUTO_TEST_CASE(the_burst_is_available_at_once_then_the_rate) {
  const auto t0 = Clock::time_point{} + 1h;
  TokenBucket bucket(50000, 10000, 20000, t0);
  BOOST_TEST(bucket.available(t0) == 50000u);
  bucket.consume(50000);
  BOOST_TEST(bucket.available(t0) == 0u);
  BOOST_TEST(bucket.available(t0 + 500ms) == 5000u);
  bucket.consume(5000);
  BOOST_TEST(bucket.available(t0 + 1500ms) == 10000u);
}

BOOST_AUTO_TEST_CASE(an_unspent_burst_is_kept_whole_but_refills_stop_at_the_capacity) {
  const auto t0 = Clock::time_point{} + 1h;
  TokenBucket bucket(50000, 10000, 20000, t0);
  BOOST_TEST(bucket.available(t0 + 10s) == 50000u);  // the burst, not burst + 10 s of rate
  bucket.consume(50000);
  // A client that stalls 60 s gets the capacity, not 60 s of rate, when it resumes.
  BOOST_TEST(bucket.available(t0 + 70s) == 20000u);
}

BOOST_AUTO_TEST_CASE(when_available_is_the_time_the_missing_bytes_take) {
  const auto t0 = Clock::time_point{} + 1h;
  TokenBucket bucket(0, 8000, 16000, t0);
  BOOST_TEST(bucket.available(t0) == 0u);
  const auto when = bucket.whenAvailable(4000, t0);
  BOOST_TEST(std::chrono::duration<double>(when - t0).count() == 0.5,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(bucket.available(when) == 4000u);
  BOOST_TEST((bucket.whenAvailable(1000, when) == when));
}

BOOST_AUTO_TEST_CASE(the_average_rate_is_exact_over_many_sends) {
  // Sending whatever is available every 8 ms for 10 s gives the rate, to the byte.
  const auto t0 = Clock::time_point{} + 1h;
  TokenBucket bucket(0, 17600, 17600, t0);
  std::uint64_t sent = 0;
  for (auto t = t0; t <= t0 + 10s; t += 8ms) {
    const auto n = bucket.available(t);
    bucket.consume(n);
    sent += n;
  }
  BOOST_TEST(sent >= 175999u);
  BOOST_TEST(sent <= 176000u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(timer_wheel)

BOOST_AUTO_TEST_CASE(timers_fire_at_the_first_tick_at_or_after_their_time) {
  const auto t0 = Clock::time_point{} + 1h;
  TimerWheel wheel(5ms, 8, t0);
  wheel.schedule(1, t0 + 12ms);
  wheel.schedule(2, t0 + 3ms);
  wheel.schedule(3, t0 + 100ms);  // beyond one turn of the wheel (40 ms)
  std::vector<TimerWheel::Id> due;
  wheel.expire(t0 + 4ms, due);
  BOOST_TEST(due.empty());
  wheel.expire(t0 + 5ms, due);
  BOOST_TEST(due == std::vector<TimerWheel::Id>{2});
  due.clear();
  wheel.expire(t0 + 14ms, due);
  BOOST_TEST(due.empty());
  wheel.expire(t0 + 15ms, due);
  BOOST_TEST(due == std::vector<TimerWheel::Id>{1});
  due.clear();
  wheel.expire(t0 + 99ms, due);
  BOOST_TEST(due.empty());
  BOOST_TEST(wheel.pending() == 1u);
  wheel.expire(t0 + 100ms, due);
  BOOST_TEST(due == std::vector<TimerWheel::Id>{3});
  BOOST_TEST(!wheel.untilNextTick(t0 + 100ms).has_value());
}

BOOST_AUTO_TEST_CASE(an_idle_wheel_jumps_to_now) {
  const auto t0 = Clock::time_point{} + 1h;
  TimerWheel wheel(5ms, 8, t0);
  std::vector<TimerWheel::Id> due;
  wheel.expire(t0 + 1h, due);  // no walk over 720,000 empty ticks
  wheel.schedule(7, t0 + 1h + 5ms);
  BOOST_TEST((*wheel.untilNextTick(t0 + 1h) == 5ms));
  wheel.expire(t0 + 1h + 5ms, due);
  BOOST_TEST(due == std::vector<TimerWheel::Id>{7});
}

BOOST_AUTO_TEST_SUITE_END()
