#include "samverkan/calendar/appeal_period.hpp"

#include "samverkan/calendar/holidays.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::calendar {

std::chrono::year_month_day next_deadline_day(std::chrono::year_month_day date) {
  if (!date.ok()) throw InvalidInput("not a valid calendar date");
  std::chrono::sys_days day{date};
  // At most a handful of days in a row count as holidays (julafton to the weekend after
  // annandag jul); the bound only guards against a bug turning this into an endless loop.
  for (int step = 0; step < 14; ++step) {
    const std::chrono::year_month_day candidate{day};
    if (!counts_as_holiday_for_deadlines(candidate)) return candidate;
    day += std::chrono::days(1);
  }
  throw InternalError("no working day within two weeks");
}

std::chrono::year_month_day appeal_deadline(std::chrono::year_month_day posted) {
  if (!posted.ok()) throw InvalidInput("not a valid calendar date");
  return next_deadline_day(
      std::chrono::year_month_day{std::chrono::sys_days{posted} + std::chrono::days(kAppealPeriodDays)});
}

}  // namespace samverkan::calendar
