// calendar/iso_date.hpp, the one reader and writer of "YYYY-MM-DD": parse_iso_date refuses with
// a reason naming the value, try_parse_iso_date answers nothing for the caller to word.
#include "samverkan/calendar/iso_date.hpp"

#include <boost/test/unit_test.hpp>

#include "samverkan/core/error.hpp"

namespace calendar = samverkan::calendar;
using namespace std::chrono;

BOOST_AUTO_TEST_SUITE(iso_date_test)

BOOST_AUTO_TEST_CASE(try_parse_takes_real_dates_of_any_year) {
  BOOST_TEST((calendar::try_parse_iso_date("2028-02-29") == 2028y / February / 29d));
  BOOST_TEST((calendar::try_parse_iso_date("1850-06-01") == 1850y / June / 1d), "before 1900 too");
  BOOST_TEST((calendar::try_parse_iso_date("0000-01-01") == 0y / January / 1d));
  for (const char* bad : {"2027-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "2026-01-1 ", "2026/01/01", "20260101",
                          "", " 2026-01-01", "2026-01-01T00:00", "+026-01-01"}) {
    BOOST_TEST(!calendar::try_parse_iso_date(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_CASE(parse_says_what_is_wrong_and_format_writes_it_back) {
  const auto date = calendar::parse_iso_date("2026-08-07", "validFrom");
  BOOST_TEST(calendar::format_iso_date(date) == "2026-08-07");
  BOOST_TEST(calendar::format_iso_date(5y / January / 9d) == "0005-01-09");
  const auto message = [](const char* text) {
    try {
      calendar::parse_iso_date(text, "validFrom");
    } catch (const samverkan::InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  BOOST_TEST(message("7/8/2026") == "validFrom must be a date YYYY-MM-DD");
  BOOST_TEST(message("1899-12-31") == "validFrom has a year before 1900");
  BOOST_TEST(message("2026-02-30") == "validFrom is not a calendar date");
  BOOST_CHECK_THROW(calendar::format_iso_date(2026y / February / 30d), samverkan::InvalidInput);
  BOOST_CHECK_THROW(calendar::format_iso_date(year(10000) / January / 1d), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_CASE(utc_date_is_the_date_in_utc) {
  BOOST_TEST(
      (calendar::utc_date(sys_days(2026y / December / 31d) + hours(23) + minutes(59)) == 2026y / December / 31d));
  BOOST_TEST((calendar::utc_date(sys_days(2027y / January / 1d)) == 2027y / January / 1d));
}

BOOST_AUTO_TEST_SUITE_END()
