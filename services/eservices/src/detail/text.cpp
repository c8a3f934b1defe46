#include "detail/text.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "samverkan/core/error.hpp"

namespace samverkan::eservices::detail {

std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  const auto number = [&](std::size_t from, std::size_t length, auto& out) {
    for (std::size_t i = from; i < from + length; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
    }
    return std::from_chars(text.data() + from, text.data() + from + length, out).ec == std::errc();
  };
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_iso_date(std::chrono::year_month_day date) {
  std::array<char, 16> buffer{};
  const int length = std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02u", static_cast<int>(date.year()),
                                   static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return std::string(buffer.data(), static_cast<std::size_t>(length));
}

std::optional<double> parse_decimal(std::string_view text, unsigned& decimals) noexcept {
  std::string normal;
  decimals = 0;
  std::size_t i = 0;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    if (text[0] == '-') normal += '-';
    i = 1;
  }
  std::size_t integer_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++integer_digits) normal += text[i];
  if (integer_digits == 0 || integer_digits > 15) return std::nullopt;
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    normal += '.';
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++decimals) normal += text[i];
    if (decimals == 0 || decimals > 15) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  double value = 0;
  const auto result = std::from_chars(normal.data(), normal.data() + normal.size(), value);
  if (result.ec != std::errc() || result.ptr != normal.data() + normal.size()) return std::nullopt;
  return value;
}

}  // namespace samverkan::eservices::detail
