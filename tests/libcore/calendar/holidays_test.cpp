#include "samverkan/calendar/holidays.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"

namespace calendar = samverkan::calendar;
using std::chrono::year;

namespace {

struct Expected {
  const char* date;
  const char* name;
};

// Written by hand from the official Swedish almanac (Almanacksförlaget / Uppsala universitet),
// year by year: Easter Sunday 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16,
// 2029-04-01, 2030-04-21; midsommardagen and alla helgons dag are that year's Saturdays in
// 20-26 June and 31 October-6 November.
const std::map<int, std::vector<Expected>> kTable = {
    {2024,
     {{"2024-01-01", "nyårsdagen"},
      {"2024-01-06", "trettondedag jul"},
      {"2024-03-29", "långfredagen"},
      {"2024-03-31", "påskdagen"},
      {"2024-04-01", "annandag påsk"},
      {"2024-05-01", "första maj"},
      {"2024-05-09", "Kristi himmelsfärds dag"},
      {"2024-05-19", "pingstdagen"},
      {"2024-06-06", "nationaldagen"},
      {"2024-06-22", "midsommardagen"},
      {"2024-11-02", "alla helgons dag"},
      {"2024-12-25", "juldagen"},
      {"2024-12-26", "annandag jul"}}},
    {2025,
     {{"2025-01-01", "nyårsdagen"},
      {"2025-01-06", "trettondedag jul"},
      {"2025-04-18", "långfredagen"},
      {"2025-04-20", "påskdagen"},
      {"2025-04-21", "annandag påsk"},
      {"2025-05-01", "första maj"},
      {"2025-05-29", "Kristi himmelsfärds dag"},
      {"2025-06-06", "nationaldagen"},
      {"2025-06-08", "pingstdagen"},
      {"2025-06-21", "midsommardagen"},
      {"2025-11-01", "alla helgons dag"},
      {"2025-12-25", "juldagen"},
      {"2025-12-26", "annandag jul"}}},
    {2026,
     {{"2026-01-01", "nyårsdagen"},
      {"2026-01-06", "trettondedag jul"},
      {"2026-04-03", "långfredagen"},
      {"2026-04-05", "påskdagen"},
      {"2026-04-06", "annandag påsk"},
      {"2026-05-01", "första maj"},
      {"2026-05-14", "Kristi himmelsfärds dag"},
      {"2026-05-24", "pingstdagen"},
      {"2026-06-06", "nationaldagen"},
      {"2026-06-20", "midsommardagen"},
      {"2026-10-31", "alla helgons dag"},
      {"2026-12-25", "juldagen"},
      {"2026-12-26", "annandag jul"}}},
    {2027,
     {{"2027-01-01", "nyårsdagen"},
      {"2027-01-06", "trettondedag jul"},
      {"2027-03-26", "långfredagen"},
      {"2027-03-28", "påskdagen"},
      {"2027-03-29", "annandag påsk"},
      {"2027-05-01", "första maj"},
      {"2027-05-06", "Kristi himmelsfärds dag"},
      {"2027-05-16", "pingstdagen"},
      {"2027-06-06", "nationaldagen"},
      {"2027-06-26", "midsommardagen"},
      {"2027-11-06", "alla helgons dag"},
      {"2027-12-25", "juldagen"},
      {"2027-12-26", "annandag jul"}}},
    {2028,
     {{"2028-01-01", "nyårsdagen"},
      {"2028-01-06", "trettondedag jul"},
      {"2028-04-14", "långfredagen"},
      {"2028-04-16", "påskdagen"},
      {"2028-04-17", "annandag påsk"},
      {"2028-05-01", "första maj"},
      {"2028-05-25", "Kristi himmelsfärds dag"},
      {"2028-06-04", "pingstdagen"},
      {"2028-06-06", "nationaldagen"},
      {"2028-06-24", "midsommardagen"},
      {"2028-11-04", "alla helgons dag"},
      {"2028-12-25", "juldagen"},
      {"2028-12-26", "annandag jul"}}},
    {2029,
     {{"2029-01-01", "nyårsdagen"},
      {"2029-01-06", "trettondedag jul"},
      {"2029-03-30", "långfredagen"},
      {"2029-04-01", "påskdagen"},
      {"2029-04-02", "annandag påsk"},
      {"2029-05-01", "första maj"},
      {"2029-05-10", "Kristi himmelsfärds dag"},
      {"2029-05-20", "pingstdagen"},
      {"2029-06-06", "nationaldagen"},
      {"2029-06-23", "midsommardagen"},
      {"2029-11-03", "alla helgons dag"},
      {"2029-12-25", "juldagen"},
      {"2029-12-26", "annandag jul"}}},
    {2030,
     {{"2030-01-01", "nyårsdagen"},
      {"2030-01-06", "trettondedag jul"},
      {"2030-04-19", "långfredagen"},
      {"2030-04-21", "påskdagen"},
      {"2030-04-22", "annandag påsk"},
      {"2030-05-01", "första maj"},
      {"2030-05-30", "Kristi himmelsfärds dag"},
      {"2030-06-06", "nationaldagen"},
      {"2030-06-09", "pingstdagen"},
      {"2030-06-22", "midsommardagen"},
      {"2030-11-02", "alla helgons dag"},
      {"2030-12-25", "juldagen"},
      {"2030-12-26", "annandag jul"}}},
};

std::chrono::year_month_day d(const char* text) { return calendar::parse_iso_date(text, "test date"); }

}  // namespace

BOOST_AUTO_TEST_SUITE(holidays_test)

BOOST_AUTO_TEST_CASE(every_holiday_2024_to_2030_matches_the_almanac) {
  for (const auto& [y, expected] : kTable) {
    const auto actual = calendar::public_holidays(year(y));
    BOOST_TEST_REQUIRE(actual.size() == expected.size(), "year " << y);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      BOOST_TEST(calendar::format_iso_date(actual[i].date) == expected[i].date, "year " << y << " #" << i);
      BOOST_TEST(std::string(actual[i].name) == expected[i].name, "year " << y << " #" << i);
      BOOST_TEST(calendar::holiday_name(d(expected[i].date)).value_or("") == expected[i].name);
      BOOST_TEST(calendar::is_public_holiday(d(expected[i].date)));
      BOOST_TEST(calendar::counts_as_holiday_for_deadlines(d(expected[i].date)));
    }
  }
}

BOOST_AUTO_TEST_CASE(easter_sundays) {
  const std::map<int, const char*> easter = {{2024, "2024-03-31"}, {2025, "2025-04-20"}, {2026, "2026-04-05"},
                                             {2027, "2027-03-28"}, {2028, "2028-04-16"}, {2029, "2029-04-01"},
                                             {2030, "2030-04-21"}, {2008, "2008-03-23"}, {2011, "2011-04-24"},
                                             {2038, "2038-04-25"}, {2285, "2285-03-22"}};
  for (const auto& [y, date] : easter) {
    BOOST_TEST(calendar::format_iso_date(calendar::easter_sunday(year(y))) == date);
  }
}

BOOST_AUTO_TEST_CASE(days_that_are_not_holidays) {
  // A plain Wednesday, the eves (not public holidays, but deadline days off), a Saturday.
  BOOST_TEST(!calendar::holiday_name(d("2026-11-25")).has_value());
  BOOST_TEST(!calendar::is_public_holiday(d("2026-11-25")));
  BOOST_TEST(!calendar::counts_as_holiday_for_deadlines(d("2026-11-25")));
  for (const char* eve : {"2026-06-19", "2026-12-24", "2026-12-31", "2027-06-25"}) {
    BOOST_TEST(!calendar::is_public_holiday(d(eve)), eve);
    BOOST_TEST(calendar::counts_as_holiday_for_deadlines(d(eve)), eve);
  }
  BOOST_TEST(!calendar::is_public_holiday(d("2026-11-28")));  // a Saturday
  BOOST_TEST(calendar::counts_as_holiday_for_deadlines(d("2026-11-28")));
  BOOST_TEST(calendar::is_public_holiday(d("2026-11-29")));  // every Sunday
  BOOST_TEST(!calendar::holiday_name(d("2026-11-29")).has_value());
  BOOST_TEST(calendar::format_iso_date(calendar::midsummer_eve(year(2026))) == "2026-06-19");
  BOOST_TEST(calendar::format_iso_date(calendar::midsummer_eve(year(2030))) == "2030-06-21");
}

BOOST_AUTO_TEST_CASE(older_rules_and_coinciding_holidays) {
  // 2004: annandag pingst (2004-05-31) was a holiday, 6 June was not.
  BOOST_TEST(calendar::holiday_name(d("2004-05-31")).value_or("") == "annandag pingst");
  BOOST_TEST(!calendar::holiday_name(d("2004-06-06")).has_value());
  BOOST_TEST(calendar::holiday_name(d("2005-06-06")).value_or("") == "nationaldagen");
  BOOST_TEST(!calendar::holiday_name(d("2005-05-16")).has_value());
  // 2008: Kristi himmelsfärds dag fell on första maj; both are listed, in date order.
  const auto h2008 = calendar::public_holidays(year(2008));
  std::multiset<std::string> on_may_first;
  for (const auto& holiday : h2008) {
    if (calendar::format_iso_date(holiday.date) == "2008-05-01") on_may_first.insert(std::string(holiday.name));
  }
  BOOST_TEST(on_may_first.size() == 2U);
  BOOST_TEST(on_may_first.count("Kristi himmelsfärds dag") == 1U);
  for (std::size_t i = 1; i < h2008.size(); ++i) {
    BOOST_TEST((std::chrono::sys_days(h2008[i - 1].date) <= std::chrono::sys_days(h2008[i].date)));
  }
}

BOOST_AUTO_TEST_CASE(unsupported_years_and_invalid_dates_are_refused) {
  BOOST_CHECK_THROW(calendar::public_holidays(year(1952)), samverkan::InvalidInput);
  BOOST_CHECK_THROW(calendar::easter_sunday(year(10000)), samverkan::InvalidInput);
  const std::chrono::year_month_day february_30{year(2026), std::chrono::February, std::chrono::day(30)};
  BOOST_CHECK_THROW(calendar::is_public_holiday(february_30), samverkan::InvalidInput);
  BOOST_CHECK_THROW(calendar::counts_as_holiday_for_deadlines(february_30), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
