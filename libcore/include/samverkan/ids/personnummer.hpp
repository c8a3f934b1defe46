#pragma once
/// Personnummer (personal identity number) and samordningsnummer (coordination number).
///
/// Design: one class, Personnummer, holds both, and kind() tells them apart. The two share the
/// format, the Luhn check digit and the century rule, and differ only in the day part (a
/// samordningsnummer has the birth day + 60, i.e. 61..91). Personnummer::parse accepts only a
/// personnummer, parse_samordningsnummer only a samordningsnummer, parse_any either (and kind()
/// says which). Code that must accept only one kind calls the matching parse function.
///
/// Accepted forms (surrounding ASCII whitespace ignored, whitespace inside rejected):
///   YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDDNNNC, YYYYMMDD-NNNC.
/// The century of a 10-digit form is derived from a reference date: with '-' or no separator
/// the birth year is the latest year ending in YY that is not after the reference year (age by
/// year < 100); with '+' (age 100 or more) it is 100 years earlier. This follows the
/// folkbokföring rule that the separator becomes '+' from the year a person turns 100.
/// 12-digit forms carry the century (18, 19 or 20) and never '+'.
/// Interim numbers (T-numbers, a letter in place of the 7th digit) are not accepted.
///
/// Error messages never contain the number itself, only the part that is wrong.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

namespace samverkan::ids {

/// Which of the two numbers a Personnummer holds.
enum class PersonnummerKind {
  kPersonnummer,       ///< personnummer: day 01..31
  kSamordningsnummer,  ///< samordningsnummer: day 61..91 (birth day + 60)
};

/// Legal gender as recorded in the number (9th digit of the 10-digit form: odd = male).
enum class Gender {
  kFemale,
  kMale,
};

/// "personnummer" or "samordningsnummer".
std::string_view to_string(PersonnummerKind kind) noexcept;
/// "female" or "male".
std::string_view to_string(Gender gender) noexcept;

/// Today's date in UTC from the system clock, for callers without an injected clock. Only the
/// convenience overloads use it; everything else takes the reference date as a parameter.
std::chrono::year_month_day today_utc();

/// A valid personnummer or samordningsnummer, normalised to 12 digits YYYYMMDDNNNC.
class Personnummer {
 public:
  /// Parses a personnummer. `reference` (normally today, must be a valid date) resolves the
  /// century of the 10-digit forms; it is not otherwise a limit (a birth date after it is not
  /// rejected). Throws samverkan::InvalidInput with the reason: length or characters, separator
  /// position, '+' in a 12-digit form, century not 18..20, month, day (checked against the real
  /// calendar, leap years included), a samordningsnummer day (61..91), check digit.
  static Personnummer parse(std::string_view text, std::chrono::year_month_day reference);
  /// As above with today's date (UTC) as the reference.
  static Personnummer parse(std::string_view text);

  /// Parses a samordningsnummer (day 61..91); a personnummer day (01..31) is rejected.
  /// Otherwise as parse().
  static Personnummer parse_samordningsnummer(std::string_view text, std::chrono::year_month_day reference);

  /// Parses either a personnummer or a samordningsnummer; kind() tells which.
  /// Otherwise as parse().
  static Personnummer parse_any(std::string_view text, std::chrono::year_month_day reference);
  /// As above with today's date (UTC) as the reference.
  static Personnummer parse_any(std::string_view text);

  PersonnummerKind kind() const noexcept { return kind_; }
  bool is_samordningsnummer() const noexcept { return kind_ == PersonnummerKind::kSamordningsnummer; }

  /// The 12 digits "YYYYMMDDNNNC" (for a samordningsnummer DD is the day + 60, as issued).
  const std::string& digits() const noexcept { return digits_; }
  /// "YYMMDD-NNNC", or "YYMMDD+NNNC" when the person turns 100 to 199 in `reference`'s year.
  /// A number the 10-digit form cannot name unambiguously (born 200 years or more before the
  /// reference year, or after it) is written in the 12-digit form "YYYYMMDD-NNNC" instead.
  /// Parsing the result with the same reference always gives this number back. Never throws.
  std::string formatted(std::chrono::year_month_day reference) const;

  /// The date part as a date; for a samordningsnummer the day with 60 subtracted. Skatteverket
  /// may issue a number from a neighbouring date when a day's birth numbers run out, so this is
  /// not always the true birth date.
  std::chrono::year_month_day birth_date() const noexcept { return birth_date_; }
  Gender gender() const noexcept;

  friend bool operator==(const Personnummer&, const Personnummer&) = default;
  friend auto operator<=>(const Personnummer&, const Personnummer&) = default;

 private:
  enum class Accept;  // which kinds a parse function accepts (defined in personnummer.cpp)
  static Personnummer parse_as(std::string_view text, std::chrono::year_month_day reference, Accept accept);

  Personnummer(std::string digits, std::chrono::year_month_day birth_date, PersonnummerKind kind)
      : digits_(std::move(digits)), birth_date_(birth_date), kind_(kind) {}

  std::string digits_;
  std::chrono::year_month_day birth_date_;
  PersonnummerKind kind_;
};

}  // namespace samverkan::ids
