#include "samverkan/storage/time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "samverkan/core/error.hpp"

namespace samverkan::storage {

std::string format_time(Clock::TimePoint at) {
  using namespace std::chrono;
  const auto millis = floor<milliseconds>(at);
  const auto day = floor<days>(millis);
  const year_month_day date{day};
  const hh_mm_ss<milliseconds> time{millis - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  return buffer;
}

Clock::TimePoint parse_time(std::string_view text) {
  using namespace std::chrono;
  const auto fail = [&]() -> Clock::TimePoint {
    throw InternalError("unexpected time stamp from the database: '" + std::string(text.substr(0, 40)) + "'");
  };
  // YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z | +00 | +00:00]
  if (text.size() < 19) return fail();
  const auto number = [&](std::size_t pos, std::size_t length) {
    int value = 0;
    const auto* first = text.data() + pos;
    const auto [end, error] = std::from_chars(first, first + length, value);
    if (error != std::errc() || end != first + length) fail();
    return value;
  };
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    return fail();
  }
  const year_month_day date{year(number(0, 4)), month(static_cast<unsigned>(number(5, 2))),
                            day(static_cast<unsigned>(number(8, 2)))};
  if (!date.ok()) return fail();
  auto result = sys_days(date) + hours(number(11, 2)) + minutes(number(14, 2)) + seconds(number(17, 2));
  std::size_t pos = 19;
  Clock::TimePoint::duration fraction{};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    long long micros = 0;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) {
        micros = micros * 10 + (text[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (digits == 0) return fail();
    for (; digits < 6; ++digits) micros *= 10;
    fraction = duration_cast<Clock::TimePoint::duration>(microseconds(micros));
  }
  const auto zone = text.substr(pos);
  if (!(zone.empty() || zone == "Z" || zone == "+00" || zone == "+00:00")) return fail();
  return Clock::TimePoint(duration_cast<Clock::TimePoint::duration>(result.time_since_epoch()) + fraction);
}

}  // namespace samverkan::storage
