#include "samverkan/adapters/iso_date.hpp"

#include <cstdio>

#include "samverkan/core/error.hpp"

namespace samverkan::adapters {

std::string format_iso_date(std::chrono::year_month_day date) {
  const int year = static_cast<int>(date.year());
  if (!date.ok() || year < 0 || year > 9999) throw InvalidInput("not a valid calendar date");
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

std::chrono::year_month_day parse_iso_date(std::string_view text, std::string_view what) {
  const auto fail = [what](const std::string& reason) { return InvalidInput(std::string(what) + " " + reason); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') throw fail("must be a date YYYY-MM-DD");
  int fields[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (std::size_t i = 0; i < lengths[f]; ++i) {
      const char c = text[starts[f] + i];
      if (c < '0' || c > '9') throw fail("must be a date YYYY-MM-DD");
      fields[f] = fields[f] * 10 + (c - '0');
    }
  }
  if (fields[0] < 1900) throw fail("has a year before 1900");
  const std::chrono::year_month_day date{std::chrono::year(fields[0]),
                                         std::chrono::month(static_cast<unsigned>(fields[1])),
                                         std::chrono::day(static_cast<unsigned>(fields[2]))};
  if (!date.ok()) throw fail("is not a calendar date");
  return date;
}

std::chrono::year_month_day utc_date(std::chrono::system_clock::time_point time) {
  return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(time));
}

}  // namespace samverkan::adapters
