#include "samverkan/server/cli_calendar.hpp"

#include <chrono>

#include "samverkan/calendar/appeal_period.hpp"
#include "samverkan/calendar/holidays.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"

#include "detail/cli_support.hpp"

namespace samverkan::server {

int run_calendar_holidays(const std::string& year, std::ostream& out, std::ostream& err) {
  return cli::guarded("calendar", err, [&] {
    if (year.size() != 4 || year.find_first_not_of("0123456789") != std::string::npos) {
      throw InvalidInput("YEAR must be four digits, e.g. 2026");
    }
    const auto holidays = calendar::public_holidays(std::chrono::year(std::stoi(year)));
    for (const auto& holiday : holidays) {
      out << calendar::format_iso_date(holiday.date) << ' ' << holiday.name << '\n';
    }
    return cli::kOk;
  });
}

int run_calendar_appeal_deadline(const std::string& posted, std::ostream& out, std::ostream& err) {
  return cli::guarded("calendar", err, [&] {
    const auto date = calendar::parse_iso_date(posted, "--posted");
    out << calendar::format_iso_date(calendar::appeal_deadline(date)) << '\n';
    return cli::kOk;
  });
}

}  // namespace samverkan::server
