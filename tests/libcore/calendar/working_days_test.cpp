#include "samverkan/calendar/working_days.hpp"

#include <boost/test/unit_test.hpp>

#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"

namespace calendar = samverkan::calendar;
using samverkan::calendar::format_iso_date;
using samverkan::calendar::parse_iso_date;

namespace {

std::chrono::year_month_day d(const char* text) { return parse_iso_date(text, "date"); }

}  // namespace

BOOST_AUTO_TEST_SUITE(working_days_test)

BOOST_AUTO_TEST_CASE(weekends_holidays_and_the_eves_are_not_working_days) {
  BOOST_TEST(calendar::is_working_day(d("2026-08-17")));   // a Monday
  BOOST_TEST(!calendar::is_working_day(d("2026-08-15")));  // Saturday
  BOOST_TEST(!calendar::is_working_day(d("2026-08-16")));  // Sunday
  BOOST_TEST(!calendar::is_working_day(d("2026-06-19")));  // midsommarafton, a Friday
  BOOST_TEST(!calendar::is_working_day(d("2026-12-24")));  // julafton, a Thursday
  BOOST_TEST(!calendar::is_working_day(d("2026-12-31")));  // nyårsafton
  BOOST_TEST(!calendar::is_working_day(d("2026-05-14")));  // Kristi himmelsfärds dag
  BOOST_TEST(!calendar::is_working_day(d("2026-01-06")));  // trettondedag jul, a Tuesday
  BOOST_TEST(calendar::is_working_day(d("2026-01-07")));
}

BOOST_AUTO_TEST_CASE(counting_back_from_a_start_date) {
  // Five working days before Monday 17 August 2026: Monday 10 August.
  BOOST_TEST(format_iso_date(calendar::working_days_before(d("2026-08-17"), 5)) == "2026-08-10");
  BOOST_TEST(format_iso_date(calendar::working_days_before(d("2026-08-17"), 2)) == "2026-08-13");
  BOOST_TEST(format_iso_date(calendar::working_days_before(d("2026-08-17"), 0)) == "2026-08-17");
  // Over Christmas: 24-27 December are off, so two working days before 28 December is the 22nd.
  BOOST_TEST(format_iso_date(calendar::working_days_before(d("2026-12-28"), 2)) == "2026-12-22");
  // Over Easter 2026 (Good Friday 3 April, Easter Monday 6 April).
  BOOST_TEST(format_iso_date(calendar::working_days_before(d("2026-04-07"), 1)) == "2026-04-02");
  BOOST_TEST(format_iso_date(calendar::working_days_after(d("2026-04-02"), 1)) == "2026-04-07");
  BOOST_TEST(format_iso_date(calendar::working_days_after(d("2026-12-30"), 1)) == "2027-01-04");
  BOOST_TEST(calendar::working_days_between(d("2026-12-21"), d("2026-12-28")) == 3);
  BOOST_TEST(calendar::working_days_between(d("2026-12-28"), d("2026-12-21")) == 0);
}

BOOST_AUTO_TEST_CASE(bad_counts_and_dates_are_refused) {
  BOOST_CHECK_THROW(calendar::working_days_before(d("2026-08-17"), -1), samverkan::InvalidInput);
  BOOST_CHECK_THROW(calendar::working_days_before(d("2026-08-17"), 367), samverkan::InvalidInput);
  BOOST_CHECK_THROW(calendar::is_working_day(std::chrono::year(2026) / 2 / 30), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
