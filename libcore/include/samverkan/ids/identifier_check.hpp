#pragma once
/// One entry point that recognises and validates any Swedish identifier this module knows
/// (used by `samverkan id check VALUE`).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/ids/personnummer.hpp"

namespace samverkan::ids {

/// The kinds check_identifier recognises.
enum class IdentifierKind {
  kPersonnummer,
  kSamordningsnummer,
  kOrganisationsnummer,
  kHsaId,
  kKommunkod,
};

/// "personnummer", "samordningsnummer", "organisationsnummer", "hsa-id" or "kommunkod".
std::string_view to_string(IdentifierKind kind) noexcept;

/// What check_identifier found out about a valid value.
struct IdentifierCheck {
  IdentifierKind kind;
  /// Canonical form: 12 digits for personnummer and samordningsnummer, 10 digits for an
  /// organisationsnummer, the HSA-id as written, the 4-digit kommunkod.
  std::string normalised;
  /// "YYYY-MM-DD", for personnummer and samordningsnummer only (the day minus 60 for the latter).
  std::optional<std::string> birth_date;
  /// For personnummer and samordningsnummer only.
  std::optional<Gender> gender;
  /// A human-readable extra: the age on the reference date, the legal-form group, the
  /// organisation of an HSA-id, the county of a kommunkod.
  std::string description;

  /// to_string(kind).
  std::string_view kind_name() const noexcept { return to_string(kind); }
};

/// Recognises which kind `value` is and validates it as that kind. Surrounding ASCII whitespace
/// is ignored. `reference` (normally today, a valid date) resolves the century of 10-digit
/// personnummer and is the date of the age in the description.
///
/// Recognition: a value starting with "SE" is an HSA-id; 4 digits a kommunkod; 10 or 12 digits
/// (with an optional '-' or '+') are told apart by the digits that would be the month: an
/// organisation number has digits 3-4 >= 20 so it can never be read as a date, while a
/// personnummer or samordningsnummer has a month 01..12 there. So digits 3-4 (of the last 10)
/// below 20 mean personnummer or samordningsnummer (the day decides which: 61..91 is a
/// samordningsnummer), 20 or more mean organisation number. A '+' separator always means
/// personnummer. For 12 digits the first two decide first: "16" is the organisation-number
/// prefix, 18/19/20 a century.
///
/// Throws samverkan::InvalidInput when the value is not valid: the message gives the reason for
/// the most plausible kind by the rules above (e.g. "personnummer check digit is 3, expected 2"),
/// or says that no kind matches (empty, characters, number of digits).
IdentifierCheck check_identifier(std::string_view value, std::chrono::year_month_day reference);

}  // namespace samverkan::ids
