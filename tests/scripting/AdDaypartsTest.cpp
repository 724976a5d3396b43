#include <boost/test/unit_test.hpp>
#include <stdexcept>

#include "interlude/scripting/AdDayparts.h"

using namespace interlude::scripting;
using namespace std::chrono;

namespace {

// June 2026: Monday the 1st to Sunday the 7th.
system_clock::time_point june(unsigned day, int hour, int minute = 0) {
  return sys_days(year(2026) / 6 / day) + hours(hour) + minutes(minute);
}

constexpr unsigned kMonday = 1;
constexpr unsigned kFriday = 1u << 4;

}  // namespace

BOOST_AUTO_TEST_SUITE(ad_dayparts)

BOOST_AUTO_TEST_CASE(day_names_lists_and_ranges) {
  BOOST_TEST(AdDayparts::parseDays("mon-fri") == 0x1Fu);
  BOOST_TEST(AdDayparts::parseDays("sat,sun") == 0x60u);
  BOOST_TEST(AdDayparts::parseDays("Mon wed") == 0x5u);
  BOOST_TEST(AdDayparts::parseDays("fri-mon") == (0x70u | kMonday));
  BOOST_CHECK_THROW(AdDayparts::parseDays("monday"), std::invalid_argument);
  BOOST_CHECK_THROW(AdDayparts::parseDays(" , "), std::invalid_argument);
  BOOST_TEST(AdDayparts::parseClock("18:30") == 1110);
  BOOST_TEST(AdDayparts::parseClock("24:00") == 1440);
  BOOST_CHECK_THROW(AdDayparts::parseClock("24:01"), std::invalid_argument);
  BOOST_TEST(AdDayparts::parseOffset("-05:30") == -330);
  BOOST_TEST(AdDayparts::parseOffset("Z") == 0);
  BOOST_CHECK_THROW(AdDayparts::parseOffset("+15:00"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(no_part_is_always) { BOOST_TEST(AdDayparts().contains(june(3, 4))); }

BOOST_AUTO_TEST_CASE(weekday_evenings_from_included_to_excluded) {
  AdDayparts evenings;
  evenings.add(AdDayparts::parseDays("mon-fri"), 18 * 60, 23 * 60);
  BOOST_TEST(evenings.contains(june(3, 18)));
  BOOST_TEST(evenings.contains(june(5, 22, 59)));
  BOOST_TEST(!evenings.contains(june(3, 23)));
  BOOST_TEST(!evenings.contains(june(3, 17, 59)));
  BOOST_TEST(!evenings.contains(june(6, 20)));  // Saturday
}

BOOST_AUTO_TEST_CASE(a_part_past_midnight_belongs_to_the_day_it_starts) {
  AdDayparts fridayNight;
  fridayNight.add(kFriday, 22 * 60, 2 * 60);
  BOOST_TEST(fridayNight.contains(june(5, 23)));
  BOOST_TEST(fridayNight.contains(june(6, 1, 30)));  // Saturday morning
  BOOST_TEST(!fridayNight.contains(june(6, 23)));    // Saturday night
  BOOST_TEST(!fridayNight.contains(june(5, 1)));     // Friday morning
}

BOOST_AUTO_TEST_CASE(an_offset_moves_the_clock_and_the_day) {
  AdDayparts tokyoMonday(9 * 60);
  tokyoMonday.add(kMonday, 0, 24 * 60);
  BOOST_TEST(tokyoMonday.contains(june(1, 0)));
  BOOST_TEST(tokyoMonday.contains(june(7, 15)));  // Sunday 15:00 UTC is Monday 00:00
  BOOST_TEST(!tokyoMonday.contains(june(1, 15)));
}

BOOST_AUTO_TEST_SUITE_END()
