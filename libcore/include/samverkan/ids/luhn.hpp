#pragma once
/// The Luhn (mod 10) check digit used by personnummer, samordningsnummer and organisationsnummer.

#include <string_view>

namespace samverkan::ids {

/// Check digit (0..9) for `payload`: starting from the payload's rightmost digit, every second
/// digit is doubled (9 subtracted when the product exceeds 9); the check digit brings the sum up
/// to a multiple of 10. For a personnummer the payload is YYMMDDNNN (weights 2,1,2,... from the
/// left). Precondition: `payload` holds only the ASCII digits '0'..'9'.
constexpr int luhn_check_digit(std::string_view payload) noexcept {
  int sum = 0;
  bool doubled = true;
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int value = *it - '0';
    if (doubled) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    doubled = !doubled;
  }
  return (10 - sum % 10) % 10;
}

/// True when the last digit of `digits` is the Luhn check digit of the digits before it.
/// Precondition: `digits` is non-empty and holds only the ASCII digits '0'..'9'.
constexpr bool luhn_valid(std::string_view digits) noexcept {
  return luhn_check_digit(digits.substr(0, digits.size() - 1)) == digits.back() - '0';
}

}  // namespace samverkan::ids
