#include "samverkan/calendar/holidays.hpp"

#include <algorithm>
#include <string>

#include "samverkan/core/error.hpp"

namespace samverkan::calendar {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year;
using std::chrono::year_month_day;

void check_year(year y) {
  const int value = static_cast<int>(y);
  if (!y.ok() || value < kFirstYear || value > kLastYear) {
    throw InvalidInput("the Swedish holiday rules are supported for the years " + std::to_string(kFirstYear) + " to " +
                       std::to_string(kLastYear) + ", not " + std::to_string(value));
  }
}

void check_date(year_month_day date) {
  if (!date.ok()) throw InvalidInput("not a valid calendar date");
  check_year(date.year());
}

year_month_day ymd(year y, unsigned m, unsigned d) { return year_month_day{y, month(m), day(d)}; }

year_month_day plus_days(year_month_day date, int n) { return year_month_day{sys_days(date) + days(n)}; }

/// The Saturday in [first, first + 6].
year_month_day saturday_from(year_month_day first) {
  const weekday wd{sys_days(first)};
  const auto offset = (std::chrono::Saturday - wd).count();  // 0..6
  return plus_days(first, static_cast<int>(offset));
}

}  // namespace

year_month_day easter_sunday(year y) {
  check_year(y);
  // Anonymous Gregorian algorithm (Meeus, "Astronomical Algorithms", ch. 8).
  const int yr = static_cast<int>(y);
  const int a = yr % 19;
  const int b = yr / 100;
  const int c = yr % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month_number = (h + l - 7 * m + 114) / 31;
  const int day_number = (h + l - 7 * m + 114) % 31 + 1;
  return ymd(y, static_cast<unsigned>(month_number), static_cast<unsigned>(day_number));
}

year_month_day midsummer_eve(year y) {
  check_year(y);
  return plus_days(saturday_from(ymd(y, 6, 20)), -1);
}

std::vector<Holiday> public_holidays(year y) {
  check_year(y);
  const year_month_day easter = easter_sunday(y);
  std::vector<Holiday> out = {
      {ymd(y, 1, 1), "nyårsdagen"},
      {ymd(y, 1, 6), "trettondedag jul"},
      {plus_days(easter, -2), "långfredagen"},
      {easter, "påskdagen"},
      {plus_days(easter, 1), "annandag påsk"},
      {ymd(y, 5, 1), "första maj"},
      {plus_days(easter, 39), "Kristi himmelsfärds dag"},
      {plus_days(easter, 49), "pingstdagen"},
      {saturday_from(ymd(y, 6, 20)), "midsommardagen"},
      {saturday_from(ymd(y, 10, 31)), "alla helgons dag"},
      {ymd(y, 12, 25), "juldagen"},
      {ymd(y, 12, 26), "annandag jul"},
  };
  // Lag (2004:1320): from 2005 nationaldagen replaced annandag pingst.
  if (static_cast<int>(y) >= 2005) {
    out.push_back({ymd(y, 6, 6), "nationaldagen"});
  } else {
    out.push_back({plus_days(easter, 50), "annandag pingst"});
  }
  // Kristi himmelsfärds dag can fall on första maj (it did in 2008), so keep both, in date order.
  std::stable_sort(out.begin(), out.end(), [](const Holiday& left, const Holiday& right) {
    return sys_days(left.date) < sys_days(right.date);
  });
  return out;
}

std::optional<std::string_view> holiday_name(year_month_day date) {
  check_date(date);
  for (const Holiday& holiday : public_holidays(date.year())) {
    if (holiday.date == date) return holiday.name;
  }
  return std::nullopt;
}

bool is_public_holiday(year_month_day date) {
  check_date(date);
  if (weekday{sys_days(date)} == std::chrono::Sunday) return true;
  return holiday_name(date).has_value();
}

bool counts_as_holiday_for_deadlines(year_month_day date) {
  check_date(date);
  const weekday wd{sys_days(date)};
  if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) return true;
  if (date.month() == std::chrono::December && (date.day() == day(24) || date.day() == day(31))) return true;
  if (date == midsummer_eve(date.year())) return true;
  return holiday_name(date).has_value();
}

}  // namespace samverkan::calendar
