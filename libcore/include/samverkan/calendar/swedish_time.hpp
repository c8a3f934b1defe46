#pragma once
/// Swedish civil time (Europe/Stockholm) without a time-zone database: CET (UTC+1), and CEST
/// (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October
/// (the EU rule in force since 1996, directive 2000/84/EC). Dates of registrations and the
/// year of a registration number follow the Swedish calendar day, not the UTC one: at
/// 23:30 UTC on 31 December it is already New Year's Day in Sweden.

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
/// before). Never ambiguous: the clocks change at 01:00 UTC.
std::chrono::system_clock::time_point swedish_midnight(std::chrono::year_month_day day);

}  // namespace samverkan::calendar
