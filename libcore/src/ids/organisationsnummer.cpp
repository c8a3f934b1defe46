#include "samverkan/ids/organisationsnummer.hpp"

#include <array>

#include "samverkan/core/error.hpp"
#include "samverkan/ids/luhn.hpp"
#include "samverkan/ids/text.hpp"

namespace samverkan::ids {

std::string_view to_string(LegalFormGroup group) noexcept {
  switch (group) {
    case LegalFormGroup::kEstate:
      return "estate of a deceased person (dödsbo)";
    case LegalFormGroup::kPublic:
      return "state, region, municipality or parish (stat, region, kommun, församling)";
    case LegalFormGroup::kForeign:
      return "foreign company (utländskt företag)";
    case LegalFormGroup::kUnknown:
      return "unknown legal form";
    case LegalFormGroup::kLimitedCompany:
      return "limited company (aktiebolag)";
    case LegalFormGroup::kSimplePartnership:
      return "simple partnership (enkelt bolag)";
    case LegalFormGroup::kEconomicAssociation:
      return "economic association or housing cooperative "
             "(ekonomisk förening, bostadsrättsförening)";
    case LegalFormGroup::kNonProfit:
      return "non-profit association or foundation (ideell förening, stiftelse)";
    case LegalFormGroup::kPartnership:
      return "trading or limited partnership (handelsbolag, kommanditbolag)";
  }
  return "unknown legal form";
}

Organisationsnummer Organisationsnummer::parse(std::string_view text) {
  const std::string_view value = trim_ascii_whitespace(text);
  if (value.empty()) throw InvalidInput("organisation number is empty");

  // One pass: collect the digits (at most 12 are kept; the count goes on for the message) and
  // where the one allowed '-' sits.
  std::array<char, 12> digits{};
  std::size_t count = 0;
  std::size_t digits_before_dash = 0;
  bool dash = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (is_ascii_digit(c)) {
      if (count < digits.size()) digits[count] = c;
      ++count;
    } else if (c == '-') {
      if (dash) throw InvalidInput("organisation number has more than one '-'");
      dash = true;
      digits_before_dash = count;
    } else {
      throw InvalidInput("organisation number has invalid character " + describe_char(c) + " at position " +
                         std::to_string(i + 1));
    }
  }
  if (count != 10 && count != 12) {
    throw InvalidInput("organisation number must have 10 digits (12 with the 16 prefix), got " + std::to_string(count));
  }
  const std::size_t start = count - 10;
  if (count == 12 && (digits[0] != '1' || digits[1] != '6')) {
    throw InvalidInput("organisation number prefix must be 16, got " + std::string(digits.data(), 2));
  }
  if (dash && digits_before_dash != start + 6) {
    throw InvalidInput("organisation number '-' must follow the first 6 digits (NNNNNN-NNNN)");
  }
  const std::string_view number(digits.data() + start, 10);
  if (number[0] == '0') throw InvalidInput("organisation number must not start with 0");
  if (number[2] < '2') {
    throw InvalidInput("organisation number third digit must be 2 or more, got " + std::string(1, number[2]));
  }
  const int expected = luhn_check_digit(number.substr(0, 9));
  if (number[9] - '0' != expected) {
    throw InvalidInput("organisation number check digit is " + std::string(1, number[9]) + ", expected " +
                       std::to_string(expected));
  }
  return Organisationsnummer(std::string(number));
}

std::string Organisationsnummer::formatted() const {
  std::string out;
  out.reserve(11);
  out.append(digits_, 0, 6).push_back('-');
  out.append(digits_, 6);
  return out;
}

std::string Organisationsnummer::with_prefix() const { return "16" + digits_; }

LegalFormGroup Organisationsnummer::legal_form_group() const noexcept {
  // parse() guarantees a first digit 1..9, exactly the enumerators' values.
  return static_cast<LegalFormGroup>(digits_[0] - '0');
}

}  // namespace samverkan::ids
