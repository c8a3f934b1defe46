#include "samverkan/ids/kommunkod.hpp"

#include <array>

#include "samverkan/core/error.hpp"
#include "samverkan/ids/text.hpp"

namespace samverkan::ids {
namespace {

// County (län) names indexed by county code; an empty entry is not a county code.
// Source: SCB's länskoder (21 counties since 1998).
constexpr std::array<std::string_view, 26> kCountyNames = {
    "",                      // 00
    "Stockholms län",        // 01
    "",                      // 02
    "Uppsala län",           // 03
    "Södermanlands län",     // 04
    "Östergötlands län",     // 05
    "Jönköpings län",        // 06
    "Kronobergs län",        // 07
    "Kalmar län",            // 08
    "Gotlands län",          // 09
    "Blekinge län",          // 10
    "",                      // 11
    "Skåne län",             // 12
    "Hallands län",          // 13
    "Västra Götalands län",  // 14
    "",                      // 15
    "",                      // 16
    "Värmlands län",         // 17
    "Örebro län",            // 18
    "Västmanlands län",      // 19
    "Dalarnas län",          // 20
    "Gävleborgs län",        // 21
    "Västernorrlands län",   // 22
    "Jämtlands län",         // 23
    "Västerbottens län",     // 24
    "Norrbottens län",       // 25
};

// Precondition: both characters are digits.
constexpr std::size_t two_digits(char tens, char ones) noexcept {
  return static_cast<std::size_t>(tens - '0') * 10 + static_cast<std::size_t>(ones - '0');
}

}  // namespace

Kommunkod Kommunkod::parse(std::string_view text) {
  const std::string_view code = trim_ascii_whitespace(text);
  if (code.size() != 4) {
    throw InvalidInput("kommunkod must be 4 digits, got " + std::to_string(code.size()) + " characters");
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (!is_ascii_digit(code[i])) {
      throw InvalidInput("kommunkod must be 4 digits; character " + describe_char(code[i]) + " at position " +
                         std::to_string(i + 1) + " is not a digit");
    }
  }
  const std::size_t county = two_digits(code[0], code[1]);
  if (county >= kCountyNames.size() || kCountyNames[county].empty()) {
    throw InvalidInput("unknown county code " + std::string(code.substr(0, 2)));
  }
  return Kommunkod(std::string(code));
}

std::string_view Kommunkod::county_name() const noexcept {
  // Every Kommunkod was validated by parse(), so the index is a known county.
  return kCountyNames[two_digits(code_[0], code_[1])];
}

}  // namespace samverkan::ids
