#include "samverkan/calendar/appeal_period.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"

namespace calendar = samverkan::calendar;

namespace {

std::string deadline(const char* posted) {
  return calendar::format_iso_date(calendar::appeal_deadline(calendar::parse_iso_date(posted, "posted")));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(appeal_period_test)

// Each row: posted, the nominal day (posted + 21, checked by hand in the almanac) and why the
// last day is where it is.
BOOST_AUTO_TEST_CASE(an_ordinary_weekday_is_three_weeks_later) {
  BOOST_TEST(deadline("2026-11-24") == "2026-12-15");  // Tuesday to Tuesday
  BOOST_TEST(deadline("2026-01-30") == "2026-02-20");  // across a month end
  BOOST_TEST(deadline("2028-02-08") == "2028-02-29");  // leap day, a Tuesday
}

BOOST_AUTO_TEST_CASE(a_weekend_moves_to_monday) {
  BOOST_TEST(deadline("2026-11-07") == "2026-11-30");  // nominal Saturday 28 Nov
  BOOST_TEST(deadline("2026-11-08") == "2026-11-30");  // nominal Sunday 29 Nov
  BOOST_TEST(deadline("2026-12-20") == "2027-01-11");  // nominal Sunday 10 Jan, across the year
}

BOOST_AUTO_TEST_CASE(easter_moves_past_annandag_pask) {
  // Nominal långfredagen 3 Apr 2026, then Saturday, påskdagen, annandag påsk.
  BOOST_TEST(deadline("2026-03-13") == "2026-04-07");
  // Nominal annandag påsk 17 Apr 2028 (a Monday).
  BOOST_TEST(deadline("2028-03-27") == "2028-04-18");
}

BOOST_AUTO_TEST_CASE(midsummer_eve_counts_like_a_holiday) {
  // Nominal midsommarafton Friday 19 Jun 2026, midsommardagen, Sunday.
  BOOST_TEST(deadline("2026-05-29") == "2026-06-22");
  BOOST_TEST(deadline("2030-05-31") == "2030-06-24");  // midsommarafton 21 Jun 2030
}

BOOST_AUTO_TEST_CASE(christmas_eve_and_the_chain_to_the_weekend) {
  // 2025: julafton Wed, juldagen Thu, annandag jul Fri, Saturday, Sunday: Monday 29 Dec.
  BOOST_TEST(deadline("2025-12-03") == "2025-12-29");
  // 2026: julafton Thu, juldagen Fri, annandag jul Sat, Sunday: Monday 28 Dec.
  BOOST_TEST(deadline("2026-12-03") == "2026-12-28");
}

BOOST_AUTO_TEST_CASE(new_years_eve_counts_like_a_holiday) {
  BOOST_TEST(deadline("2025-12-10") == "2026-01-02");  // nyårsafton Wed, nyårsdagen Thu
  BOOST_TEST(deadline("2027-12-10") == "2028-01-03");  // nyårsafton Fri, then the weekend
}

BOOST_AUTO_TEST_CASE(other_public_holidays) {
  BOOST_TEST(deadline("2026-04-23") == "2026-05-15");  // Kristi himmelsfärds dag Thu; Fri is a weekday
  BOOST_TEST(deadline("2025-05-16") == "2025-06-09");  // nationaldagen Fri, Sat, pingstdagen
  BOOST_TEST(deadline("2026-12-16") == "2027-01-07");  // trettondedag jul Wed
  BOOST_TEST(deadline("2026-04-10") == "2026-05-04");  // första maj Fri, weekend
}

BOOST_AUTO_TEST_CASE(next_deadline_day_keeps_a_working_day) {
  const auto wednesday = calendar::parse_iso_date("2026-11-25", "d");
  BOOST_TEST(calendar::format_iso_date(calendar::next_deadline_day(wednesday)) == "2026-11-25");
  BOOST_TEST(calendar::format_iso_date(calendar::next_deadline_day(calendar::parse_iso_date("2026-12-24", "d"))) ==
             "2026-12-28");
}

BOOST_AUTO_TEST_CASE(invalid_dates_are_refused) {
  const std::chrono::year_month_day bad{std::chrono::year(2026), std::chrono::February, std::chrono::day(29)};
  BOOST_CHECK_THROW(calendar::appeal_deadline(bad), samverkan::InvalidInput);
  BOOST_CHECK_THROW(calendar::next_deadline_day(bad), samverkan::InvalidInput);
  const std::chrono::year_month_day too_late{std::chrono::year(9999), std::chrono::December, std::chrono::day(20)};
  BOOST_CHECK_THROW(calendar::appeal_deadline(too_late), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
