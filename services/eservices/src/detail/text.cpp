#include "detail/text.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "samverkan/core/error.hpp"

namespace samverkan::eservices::detail {

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
