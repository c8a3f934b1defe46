#pragma once
/// Swedish civil time (Europe/Stockholm) from the tz database (Debian's tzdata through
/// libhowardhinnant-date), so that every rule Sweden has had is right: CET and CEST, summer
/// time ending in September before 1996, no summer time 1950-1979. Stored times stay UTC; these
/// are for what people see and for the Swedish calendar day (dates of registrations, the year
/// of a registration number: at 23:30 UTC on 31 December it is already New Year's Day).

#include <chrono>
#include <string>

namespace samverkan::calendar {

/// The offset of Swedish civil time from UTC at `utc` (one or two hours).
std::chrono::minutes swedish_utc_offset(std::chrono::system_clock::time_point utc);

/// The calendar day in Sweden at `utc`.
std::chrono::year_month_day swedish_date(std::chrono::system_clock::time_point utc);

/// "2026-11-22 11:15": the Swedish date and time to the minute, as notices and pages show it.
std::string format_swedish_minute(std::chrono::system_clock::time_point utc);

/// 00:00 Swedish time at the start of `day`, as a UTC time point (22:00 or 23:00 UTC the day
/// before). Never ambiguous: the clocks change at 02:00 or 03:00 local time.
std::chrono::system_clock::time_point swedish_midnight(std::chrono::year_month_day day);

}  // namespace samverkan::calendar
