#pragma once
/// Calendar dates as ISO 8601 text ("2026-08-17"): the form of the adapters' backends, the API's
/// dates, the e-services' date answers and the diary. The one place that reads and writes them.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace samverkan::calendar {

/// "YYYY-MM-DD". Precondition: `date.ok()` and a year 0..9999 (checked: throws
/// samverkan::InvalidInput otherwise).
std::string format_iso_date(std::chrono::year_month_day date);

/// Parses exactly "YYYY-MM-DD" (ASCII digits, a real calendar date, year 1900..9999).
/// `what` names the value in the error message ("start date"). Throws samverkan::InvalidInput.
std::chrono::year_month_day parse_iso_date(std::string_view text, std::string_view what);

/// A real calendar date written exactly "YYYY-MM-DD" (any year 0000..9999), or nullopt: for
/// input whose caller words its own refusal.
std::optional<std::chrono::year_month_day> try_parse_iso_date(std::string_view text) noexcept;

/// The UTC calendar date of a point in time.
std::chrono::year_month_day utc_date(std::chrono::system_clock::time_point time);

}  // namespace samverkan::calendar
