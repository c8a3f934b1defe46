#pragma once
/// Swedish working days (arbetsdagar), for service levels counted in working days: "the account
/// is ready 5 working days before the first day".
///
/// A working day is a Monday to Friday that is not a public holiday (holidays.hpp) and not
/// midsommarafton, julafton or nyårsafton, which municipal agreements treat as days off:
/// exactly the days on which a deadline may fall (counts_as_holiday_for_deadlines is false).
///
///   working_days_before(2026-12-28, 2) == 2026-12-22   (23 Dec, then 22 Dec: 24-27 Dec are off)

#include <chrono>

namespace samverkan::calendar {

/// True for a working day as described above. Throws samverkan::InvalidInput for an invalid
/// date or one outside the supported years (calendar/holidays.hpp).
bool is_working_day(std::chrono::year_month_day date);

/// The working day `days` working days before `date`: counting back from the day before
/// `date`, only working days count. 0 gives `date` itself (whatever day it is). Throws
/// samverkan::InvalidInput for a negative count (or above 366) and as is_working_day().
std::chrono::year_month_day working_days_before(std::chrono::year_month_day date, int days);

/// The working day `days` working days after `date` (counting from the day after); 0 gives
/// `date`. Same errors as working_days_before().
std::chrono::year_month_day working_days_after(std::chrono::year_month_day date, int days);

/// The number of working days in [from, to): 0 when `to` is not after `from`.
int working_days_between(std::chrono::year_month_day from, std::chrono::year_month_day to);

}  // namespace samverkan::calendar
