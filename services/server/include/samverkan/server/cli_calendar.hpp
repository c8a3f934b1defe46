#pragma once
/// The date commands of the `samverkan` command line; they need no server or database:
///   samverkan calendar holidays YEAR                       one "YYYY-MM-DD name" a line
///   samverkan calendar appeal-deadline --posted YYYY-MM-DD the last day to appeal
/// Each returns the exit code (0 success, 1 failed with the reason on `err`) and never throws.

#include <ostream>
#include <string>

namespace samverkan::server {

/// Prints the named Swedish public holidays of YEAR (four digits, calendar::kFirstYear..kLastYear)
/// in date order, e.g. "2026-04-05 påskdagen". Returns 1 for a malformed or unsupported year.
int run_calendar_holidays(const std::string& year, std::ostream& out, std::ostream& err);

/// Prints calendar::appeal_deadline(posted) as "YYYY-MM-DD". Returns 1 for a malformed date.
int run_calendar_appeal_deadline(const std::string& posted, std::ostream& out, std::ostream& err);

}  // namespace samverkan::server
