#include "samverkan/calendar/swedish_time.hpp"

#include <cstdio>

namespace samverkan::calendar {
namespace {

using namespace std::chrono;

/// 01:00 UTC on the last Sunday of `m` in `y`.
sys_seconds last_sunday_one_utc(year y, month m) {
  const sys_days day{year_month_weekday_last{y, m, weekday_last{Sunday}}};
  return sys_seconds{day} + hours(1);
}

}  // namespace

std::chrono::minutes swedish_utc_offset(std::chrono::system_clock::time_point utc) {
  const auto seconds = floor<std::chrono::seconds>(utc);
  const year y = year_month_day{floor<days>(utc)}.year();
  const bool summer = seconds >= last_sunday_one_utc(y, March) && seconds < last_sunday_one_utc(y, October);
  return summer ? hours(2) : hours(1);
}

std::chrono::year_month_day swedish_date(std::chrono::system_clock::time_point utc) {
  return year_month_day{floor<days>(utc + swedish_utc_offset(utc))};
}

std::string format_swedish_minute(std::chrono::system_clock::time_point utc) {
  const auto local = floor<minutes>(utc) + swedish_utc_offset(utc);
  const auto day = floor<days>(local);
  const year_month_day date{day};
  const hh_mm_ss time{local - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
  return text;
}

std::chrono::system_clock::time_point swedish_midnight(std::chrono::year_month_day day) {
  const std::chrono::system_clock::time_point utc_midnight{sys_days(day)};
  return utc_midnight - swedish_utc_offset(utc_midnight);
}

}  // namespace samverkan::calendar
