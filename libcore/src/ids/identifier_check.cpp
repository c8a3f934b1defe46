#include "samverkan/ids/identifier_check.hpp"

#include <array>

#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/ids/hsa_id.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/ids/organisationsnummer.hpp"
#include "samverkan/ids/text.hpp"

namespace samverkan::ids {
namespace {

namespace chr = std::chrono;

// Precondition: both characters are digits.
constexpr int two_digits(char tens, char ones) noexcept { return (tens - '0') * 10 + (ones - '0'); }

// Whole years from `birth` to `on`; negative when `birth` is after `on`.
int age_on(chr::year_month_day birth, chr::year_month_day on) {
  int years = static_cast<int>(on.year()) - static_cast<int>(birth.year());
  if (chr::month_day{on.month(), on.day()} < chr::month_day{birth.month(), birth.day()}) --years;
  return years;
}

IdentifierCheck check_personal_number(std::string_view value, chr::year_month_day reference) {
  const Personnummer number = Personnummer::parse_any(value, reference);
  IdentifierCheck out{
      number.is_samordningsnummer() ? IdentifierKind::kSamordningsnummer : IdentifierKind::kPersonnummer,
      number.digits(),
      calendar::format_iso_date(number.birth_date()),
      number.gender(),
      {}};
  if (number.is_samordningsnummer()) {
    out.description = "coordination number (the day part is the birth day + 60); ";
  }
  const int age = age_on(number.birth_date(), reference);
  if (age < 0) {
    out.description += "birth date is after the reference date " + calendar::format_iso_date(reference);
  } else {
    out.description += "age " + std::to_string(age) + " on " + calendar::format_iso_date(reference);
  }
  return out;
}

IdentifierCheck check_organisation_number(std::string_view value) {
  const Organisationsnummer number = Organisationsnummer::parse(value);
  const LegalFormGroup group = number.legal_form_group();
  return IdentifierCheck{
      IdentifierKind::kOrganisationsnummer, number.digits(), std::nullopt, std::nullopt,
      "legal form group " + std::to_string(static_cast<int>(group)) + ": " + std::string(to_string(group))};
}

IdentifierCheck check_hsa_id(std::string_view value) {
  const HsaId id = HsaId::parse(value);
  const Organisationsnummer& organisation = id.organisation();
  return IdentifierCheck{
      IdentifierKind::kHsaId, id.str(), std::nullopt, std::nullopt,
      "organisation " + organisation.formatted() + ", " + std::string(to_string(organisation.legal_form_group()))};
}

IdentifierCheck check_kommunkod(std::string_view value) {
  const Kommunkod code = Kommunkod::parse(value);
  return IdentifierCheck{IdentifierKind::kKommunkod, code.str(), std::nullopt, std::nullopt,
                         "county " + code.county_code() + ": " + std::string(code.county_name())};
}

}  // namespace

std::string_view to_string(IdentifierKind kind) noexcept {
  switch (kind) {
    case IdentifierKind::kPersonnummer:
      return "personnummer";
    case IdentifierKind::kSamordningsnummer:
      return "samordningsnummer";
    case IdentifierKind::kOrganisationsnummer:
      return "organisationsnummer";
    case IdentifierKind::kHsaId:
      return "hsa-id";
    case IdentifierKind::kKommunkod:
      return "kommunkod";
  }
  return "unknown";
}

IdentifierCheck check_identifier(std::string_view value, chr::year_month_day reference) {
  const std::string_view text = trim_ascii_whitespace(value);
  if (text.empty()) throw InvalidInput("identifier is empty");
  // Any casing of "SE" goes to the HSA-id parser, which then explains that "SE" is upper case.
  if (text.size() >= 2 && (text[0] == 'S' || text[0] == 's') && (text[1] == 'E' || text[1] == 'e')) {
    return check_hsa_id(text);
  }

  // What is left is digits with at most a separator; collect the digits that decide the kind.
  std::array<char, 12> digits{};
  std::size_t count = 0;
  bool plus = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_ascii_digit(c)) {
      if (count < digits.size()) digits[count] = c;
      ++count;
    } else if (c == '-' || c == '+') {
      plus = plus || c == '+';
    } else {
      throw InvalidInput("not a recognised identifier: character " + describe_char(c) + " at position " +
                         std::to_string(i + 1) +
                         " is not allowed (expected digits with an optional '-' or '+', "
                         "or an HSA-id starting with SE)");
    }
  }
  if (count == 4) return check_kommunkod(text);
  if (count != 10 && count != 12) {
    throw InvalidInput("not a recognised identifier: " + std::to_string(count) +
                       " digits; expected 4 (kommunkod), 10 or 12 (personnummer, "
                       "samordningsnummer, organisationsnummer) or an HSA-id starting with SE");
  }

  // Disambiguation (see the header): an organisation number's digits 3-4 are >= 20, so they can
  // never be a month; a personnummer's are 01..12. Below 20 is therefore a personnummer family
  // (its own parser reports a bad month 00 or 13..19), 20 or more an organisation number. Only
  // personnummer use '+'. In a 12-digit value the first two digits speak first: "16" is the
  // organisation-number prefix (no personnummer century), 18/19/20 a century.
  const std::size_t start = count - 10;
  const int month_part = two_digits(digits[start + 2], digits[start + 3]);
  bool organisation = !plus && month_part >= 20;
  if (!plus && count == 12) {
    const int prefix = two_digits(digits[0], digits[1]);
    if (prefix == 16) organisation = true;
    if (prefix >= 18 && prefix <= 20) organisation = false;
  }
  return organisation ? check_organisation_number(text) : check_personal_number(text, reference);
}

}  // namespace samverkan::ids
