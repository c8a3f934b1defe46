#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/calendar/iso_date.hpp"

#include <boost/test/unit_test.hpp>

namespace calendar = samverkan::calendar;
using namespace std::chrono;

namespace {

system_clock::time_point utc(int y, unsigned m, unsigned d, int h, int min = 0) {
  return sys_days{year(y) / month(m) / day(d)} + hours(h) + minutes(min);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(swedish_time_test)

BOOST_AUTO_TEST_CASE(new_year_comes_an_hour_before_utc) {
  BOOST_TEST(samverkan::calendar::format_iso_date(calendar::swedish_date(utc(2026, 12, 31, 22, 59))) == "2026-12-31");
  BOOST_TEST(samverkan::calendar::format_iso_date(calendar::swedish_date(utc(2026, 12, 31, 23, 0))) == "2027-01-01");
  BOOST_TEST((calendar::swedish_utc_offset(utc(2026, 12, 31, 23, 0)) == hours(1)));
}

BOOST_AUTO_TEST_CASE(summer_time_follows_the_eu_rule) {
  // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC (the almanac's dates).
  BOOST_TEST((calendar::swedish_utc_offset(utc(2026, 3, 29, 0, 59)) == hours(1)));
  BOOST_TEST((calendar::swedish_utc_offset(utc(2026, 3, 29, 1, 0)) == hours(2)));
  BOOST_TEST((calendar::swedish_utc_offset(utc(2026, 10, 25, 0, 59)) == hours(2)));
  BOOST_TEST((calendar::swedish_utc_offset(utc(2026, 10, 25, 1, 0)) == hours(1)));
  // 22:30 UTC on a June evening is already the next day in Sweden.
  BOOST_TEST(samverkan::calendar::format_iso_date(calendar::swedish_date(utc(2026, 6, 18, 22, 30))) == "2026-06-19");
  BOOST_TEST(samverkan::calendar::format_iso_date(calendar::swedish_date(utc(2026, 6, 18, 21, 59))) == "2026-06-18");
}

BOOST_AUTO_TEST_CASE(minutes_are_shown_in_swedish_time) {
  BOOST_TEST(calendar::format_swedish_minute(utc(2026, 8, 16, 22, 5)) == "2026-08-17 00:05");
  BOOST_TEST(calendar::format_swedish_minute(utc(2026, 12, 31, 23, 59) + seconds(59)) == "2027-01-01 00:59");
}

BOOST_AUTO_TEST_CASE(swedish_midnight_is_22_or_23_utc_the_day_before) {
  BOOST_TEST((calendar::swedish_midnight(year(2026) / 12 / 31) == utc(2026, 12, 30, 23)));
  BOOST_TEST((calendar::swedish_midnight(year(2026) / 8 / 17) == utc(2026, 8, 16, 22)));
  // The days the clocks change: midnight comes before the change, so the day's old offset holds.
  BOOST_TEST((calendar::swedish_midnight(year(2026) / 3 / 29) == utc(2026, 3, 28, 23)));
  BOOST_TEST((calendar::swedish_midnight(year(2026) / 10 / 25) == utc(2026, 10, 24, 22)));
  BOOST_TEST((calendar::swedish_midnight(year(2026) / 10 / 26) == utc(2026, 10, 25, 23)));
}

// Rules a hand-written EU rule gets wrong and the tz database has: before 1996 summer time
// ended on the last Sunday of September, and Sweden had none from 1950 to 1979.
BOOST_AUTO_TEST_CASE(earlier_rules_come_from_the_tz_database) {
  BOOST_TEST((calendar::swedish_utc_offset(utc(1995, 10, 15, 12)) == hours(1)));
  BOOST_TEST((calendar::swedish_utc_offset(utc(1995, 9, 24, 0, 59)) == hours(2)));
  BOOST_TEST((calendar::swedish_utc_offset(utc(1995, 9, 24, 1, 0)) == hours(1)));
  BOOST_TEST((calendar::swedish_utc_offset(utc(1975, 7, 1, 12)) == hours(1)));
  BOOST_TEST(calendar::format_swedish_minute(utc(1995, 10, 15, 12)) == "1995-10-15 13:00");
  BOOST_TEST((calendar::swedish_midnight(year(1975) / 7 / 1) == utc(1975, 6, 30, 23)));
}

BOOST_AUTO_TEST_SUITE_END()
