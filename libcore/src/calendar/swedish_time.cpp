#include "samverkan/calendar/swedish_time.hpp"

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

}  // namespace samverkan::calendar
