#include "samverkan/calendar/iso_date.hpp"

#include <array>
#include <cstdio>

#include "samverkan/core/error.hpp"

namespace samverkan::calendar {
namespace {

// Year, month and day of text shaped "DDDD-DD-DD" (ASCII digits), whatever their values.
std::optional<std::array<int, 3>> date_fields(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::array<int, 3> fields{0, 0, 0};
  constexpr std::size_t kStarts[3] = {0, 5, 8};
  constexpr std::size_t kLengths[3] = {4, 2, 2};
  for (std::size_t f = 0; f < 3; ++f) {
    for (std::size_t i = 0; i < kLengths[f]; ++i) {
      const char c = text[kStarts[f] + i];
      if (c < '0' || c > '9') return std::nullopt;
      fields[f] = fields[f] * 10 + (c - '0');
    }
  }
  return fields;
}

std::chrono::year_month_day to_date(const std::array<int, 3>& fields) noexcept {
  return {std::chrono::year(fields[0]), std::chrono::month(static_cast<unsigned>(fields[1])),
          std::chrono::day(static_cast<unsigned>(fields[2]))};
}

}  // namespace

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
  const auto fields = date_fields(text);
  if (!fields) throw fail("must be a date YYYY-MM-DD");
  if ((*fields)[0] < 1900) throw fail("has a year before 1900");
  const auto date = to_date(*fields);
  if (!date.ok()) throw fail("is not a calendar date");
  return date;
}

std::optional<std::chrono::year_month_day> try_parse_iso_date(std::string_view text) noexcept {
  const auto fields = date_fields(text);
  if (!fields) return std::nullopt;
  const auto date = to_date(*fields);
  if (!date.ok()) return std::nullopt;
  return date;
}

std::chrono::year_month_day utc_date(std::chrono::system_clock::time_point time) {
  return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(time));
}

}  // namespace samverkan::calendar
