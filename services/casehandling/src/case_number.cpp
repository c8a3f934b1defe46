#include "samverkan/casehandling/case_number.hpp"

#include <charconv>

#include "samverkan/core/error.hpp"

namespace samverkan::casehandling {

bool is_valid_prefix(std::string_view prefix) {
  if (prefix.empty() || prefix.size() > 16) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char c = prefix[i];
    if (c >= 'A' && c <= 'Z') continue;
    // Å Ä Ö in UTF-8: C3 85, C3 84, C3 96.
    if (c == '\xC3' && i + 1 < prefix.size() &&
        (prefix[i + 1] == '\x85' || prefix[i + 1] == '\x84' || prefix[i + 1] == '\x96')) {
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

std::string CaseNumber::str() const { return prefix + ' ' + std::to_string(year) + '/' + std::to_string(number); }

CaseNumber CaseNumber::parse(std::string_view text) {
  const auto fail = [] { return InvalidInput("a registration number looks like 'KS 2026/142'"); };
  const auto space = text.find(' ');
  const auto slash = text.find('/');
  if (space == std::string_view::npos || slash == std::string_view::npos || slash < space) throw fail();
  CaseNumber out;
  out.prefix = std::string(text.substr(0, space));
  if (!is_valid_prefix(out.prefix)) throw fail();
  const auto year_text = text.substr(space + 1, slash - space - 1);
  const auto number_text = text.substr(slash + 1);
  const auto digits = [](std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (year_text.size() != 4 || !digits(year_text) || !digits(number_text) || number_text.size() > 9 ||
      number_text.front() == '0') {
    throw fail();
  }
  std::from_chars(year_text.data(), year_text.data() + year_text.size(), out.year);
  std::from_chars(number_text.data(), number_text.data() + number_text.size(), out.number);
  if (out.year < 1900) throw fail();
  return out;
}

}  // namespace samverkan::casehandling
