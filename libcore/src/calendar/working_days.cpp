#include "samverkan/calendar/working_days.hpp"

#include "samverkan/calendar/holidays.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::calendar {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int kMaxCount = 366;

year_month_day step_working_days(year_month_day date, int count, int direction) {
  if (!date.ok()) throw InvalidInput("not a valid date");
  if (count < 0 || count > kMaxCount) throw InvalidInput("a count of working days must be 0..366");
  sys_days day{date};
  for (int left = count; left > 0;) {
    day += days(direction);
    if (is_working_day(year_month_day{day})) --left;
  }
  return year_month_day{day};
}

}  // namespace

bool is_working_day(year_month_day date) { return !counts_as_holiday_for_deadlines(date); }

year_month_day working_days_before(year_month_day date, int count) { return step_working_days(date, count, -1); }

year_month_day working_days_after(year_month_day date, int count) { return step_working_days(date, count, +1); }

int working_days_between(year_month_day from, year_month_day to) {
  if (!from.ok() || !to.ok()) throw InvalidInput("not a valid date");
  int count = 0;
  for (sys_days day{from}; day < sys_days{to}; day += days(1)) {
    if (is_working_day(year_month_day{day})) ++count;
  }
  return count;
}

}  // namespace samverkan::calendar
