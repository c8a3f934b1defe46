#pragma once
/// Character helpers shared by the identifier parsers of samverkan::ids (and usable by callers
/// that want to pre-check input the same way).

#include <string>
#include <string_view>

namespace samverkan::ids {

/// True for the ASCII digits '0'..'9' only (unlike std::isdigit, independent of the locale).
constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// True for the ASCII whitespace the parsers ignore around a value: space, \t, \n, \v, \f, \r.
constexpr bool is_ascii_space(char c) noexcept { return c == ' ' || (c >= '\t' && c <= '\r'); }

/// `text` without leading and trailing ASCII whitespace. Every parser in samverkan::ids trims
/// this way and rejects whitespace inside the value.
constexpr std::string_view trim_ascii_whitespace(std::string_view text) noexcept {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

/// A character for an error message: "'x'" when printable ASCII, else "byte 0xC3".
std::string describe_char(char c);

}  // namespace samverkan::ids
