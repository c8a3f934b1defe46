#include "samverkan/calendar/swedish_time.hpp"

#include <date/tz.h>

#include <cstdio>

namespace samverkan::calendar {
namespace {

using namespace std::chrono;

/// Europe/Stockholm from the system's tz database, looked up once (the zone is immutable and
/// thread-safe to use; locate_zone throws when tzdata is missing, which start-up then reports).
const date::time_zone& stockholm() {
  static const date::time_zone* const kZone = date::locate_zone("Europe/Stockholm");
  return *kZone;
}

}  // namespace

std::chrono::minutes swedish_utc_offset(std::chrono::system_clock::time_point utc) {
  return duration_cast<minutes>(stockholm().get_info(floor<seconds>(utc)).offset);
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
  // Midnight exists exactly once in Sweden (the clocks change at 02:00 and 03:00 local time);
  // `earliest` only makes the choice explicit.
  const date::local_days local{date::year_month_day{date::year{static_cast<int>(day.year())},
                                                    date::month{static_cast<unsigned>(day.month())},
                                                    date::day{static_cast<unsigned>(day.day())}}};
  return stockholm().to_sys(local, date::choose::earliest);
}

}  // namespace samverkan::calendar
