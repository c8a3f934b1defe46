#include "samverkan/ids/personnummer.hpp"

#include <array>

#include "samverkan/core/error.hpp"
#include "samverkan/ids/luhn.hpp"
#include "samverkan/ids/text.hpp"

namespace samverkan::ids {

enum class Personnummer::Accept { kPersonnummer, kSamordningsnummer, kAny };

namespace {

namespace chr = std::chrono;

// A samordningsnummer's day part is the birth day + kCoordinationOffset.
constexpr int kCoordinationOffset = 60;

// Precondition: both characters are digits.
constexpr int two_digits(char tens, char ones) noexcept { return (tens - '0') * 10 + (ones - '0'); }

// Precondition: 0 <= value <= 99.
std::string two_digit_text(int value) {
  return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

// The digits of a value and where its one separator ('-' or '+') sits, from one pass.
struct Scanned {
  std::array<char, 12> digits{};
  std::size_t count = 0;  // all digits seen; only the first 12 are kept
  char separator = '\0';  // '\0' when there is none
  std::size_t digits_before_separator = 0;
};

Scanned scan(std::string_view value, std::string_view label) {
  Scanned out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (is_ascii_digit(c)) {
      if (out.count < out.digits.size()) out.digits[out.count] = c;
      ++out.count;
    } else if (c == '-' || c == '+') {
      if (out.separator != '\0') {
        throw InvalidInput(std::string(label) + " has more than one separator ('-' or '+')");
      }
      out.separator = c;
      out.digits_before_separator = out.count;
    } else {
      throw InvalidInput(std::string(label) + " has invalid character " + describe_char(c) + " at position " +
                         std::to_string(i + 1));
    }
  }
  return out;
}

// The birth year of a 10-digit form. '-' (or none): the latest year ending in `yy` not after
// the reference year, i.e. an age by year of 0..99. '+': 100 years before that.
int derive_year(int yy, char separator, chr::year_month_day reference) {
  const int base = static_cast<int>(reference.year()) - (separator == '+' ? 100 : 0);
  const int back = ((base - yy) % 100 + 100) % 100;
  return base - back;
}

}  // namespace

std::string_view to_string(PersonnummerKind kind) noexcept {
  switch (kind) {
    case PersonnummerKind::kPersonnummer:
      return "personnummer";
    case PersonnummerKind::kSamordningsnummer:
      return "samordningsnummer";
  }
  return "personnummer";
}

std::string_view to_string(Gender gender) noexcept {
  switch (gender) {
    case Gender::kFemale:
      return "female";
    case Gender::kMale:
      return "male";
  }
  return "female";
}

chr::year_month_day today_utc() { return chr::year_month_day{chr::floor<chr::days>(chr::system_clock::now())}; }

Personnummer Personnummer::parse_as(std::string_view text, chr::year_month_day reference, Accept accept) {
  // Until the day part tells the kind, messages name what the caller asked for.
  // A view, not a string: building messages is for the failure path only.
  std::string_view label = accept == Accept::kSamordningsnummer ? "samordningsnummer" : "personnummer";

  const std::string_view value = trim_ascii_whitespace(text);
  if (value.empty()) throw InvalidInput(std::string(label) + " is empty");
  const Scanned scanned = scan(value, label);
  const std::size_t count = scanned.count;
  if (count != 10 && count != 12) {
    throw InvalidInput(std::string(label) + " must have 10 or 12 digits (YYMMDD-NNNC or YYYYMMDDNNNC), got " +
                       std::to_string(count));
  }
  if (scanned.separator != '\0') {
    if (scanned.separator == '+' && count == 12) {
      throw InvalidInput(std::string(label) + " '+' separator is only allowed in the 10-digit form (YYMMDD+NNNC)");
    }
    if (scanned.digits_before_separator != count - 4) {
      throw InvalidInput(std::string(label) + " separator must come after the date, before the last 4 digits");
    }
  }

  // The 10 digits YYMMDDNNNC that carry the check digit.
  const std::string_view number(scanned.digits.data() + (count - 10), 10);
  const int yy = two_digits(number[0], number[1]);
  const int year = count == 12 ? two_digits(scanned.digits[0], scanned.digits[1]) * 100 + yy
                               : derive_year(yy, scanned.separator, reference);
  const int century = year / 100;
  if (century < 18 || century > 20) {
    // A 12-digit form's own century; for a 10-digit form only with a reference date far from
    // today. Keeping 18..20 means digits() always parses back.
    throw InvalidInput(std::string(label) + " century " + std::to_string(century) + " is not valid (18, 19 or 20)");
  }

  const int month = two_digits(number[2], number[3]);
  if (month < 1 || month > 12) {
    throw InvalidInput(std::string(label) + " month " + two_digit_text(month) + " is not a valid month");
  }

  const int day_part = two_digits(number[4], number[5]);
  const bool coordination = day_part > kCoordinationOffset;
  if (accept == Accept::kPersonnummer && coordination) {
    throw InvalidInput("personnummer day must be 01-31, got " + two_digit_text(day_part) +
                       (day_part <= 91 ? " (a samordningsnummer day: birth day + 60)" : ""));
  }
  if (accept == Accept::kSamordningsnummer && !coordination) {
    throw InvalidInput("samordningsnummer day must be 61-91 (birth day + 60), got " + two_digit_text(day_part));
  }
  const PersonnummerKind kind = coordination ? PersonnummerKind::kSamordningsnummer : PersonnummerKind::kPersonnummer;
  label = to_string(kind);

  const chr::year birth_year{year};
  const chr::month birth_month{static_cast<unsigned>(month)};
  const int day = coordination ? day_part - kCoordinationOffset : day_part;
  const chr::year_month_day_last month_end{birth_year, chr::month_day_last{birth_month}};
  const auto last_day = static_cast<int>(static_cast<unsigned>(month_end.day()));
  if (day < 1 || day > last_day) {
    const std::string leap_note = month == 2 && day == 29 ? " in " + std::to_string(year) + " (not a leap year)" : "";
    if (coordination) {
      throw InvalidInput("samordningsnummer day " + two_digit_text(day_part) + " is not valid for month " +
                         two_digit_text(month) + leap_note + ": the day minus 60 must be 1-" +
                         std::to_string(last_day));
    }
    throw InvalidInput(std::string(label) + " day " + two_digit_text(day_part) + " is not a valid day of month " +
                       two_digit_text(month) + leap_note);
  }

  const int expected = luhn_check_digit(number.substr(0, 9));
  if (number[9] - '0' != expected) {
    throw InvalidInput(std::string(label) + " check digit is " + std::string(1, number[9]) + ", expected " +
                       std::to_string(expected));
  }

  std::string digits = two_digit_text(century);
  digits.append(number);
  return Personnummer(std::move(digits),
                      chr::year_month_day{birth_year, birth_month, chr::day{static_cast<unsigned>(day)}}, kind);
}

Personnummer Personnummer::parse(std::string_view text, chr::year_month_day reference) {
  return parse_as(text, reference, Accept::kPersonnummer);
}

Personnummer Personnummer::parse(std::string_view text) { return parse_as(text, today_utc(), Accept::kPersonnummer); }

Personnummer Personnummer::parse_samordningsnummer(std::string_view text, chr::year_month_day reference) {
  return parse_as(text, reference, Accept::kSamordningsnummer);
}

Personnummer Personnummer::parse_any(std::string_view text, chr::year_month_day reference) {
  return parse_as(text, reference, Accept::kAny);
}

Personnummer Personnummer::parse_any(std::string_view text) { return parse_as(text, today_utc(), Accept::kAny); }

std::string Personnummer::formatted(chr::year_month_day reference) const {
  // The 10-digit form names the century only through its separator: '-' for an age by year of
  // 0..99, '+' for 100..199. Outside that window (200 years or more before the reference year,
  // or born after it) it would parse as somebody else, so the 12-digit form is written instead.
  const int age_by_year = static_cast<int>(reference.year()) - static_cast<int>(birth_date_.year());
  std::string out;
  out.reserve(13);
  if (age_by_year < 0 || age_by_year >= 200) {
    out.append(digits_, 0, 8).push_back('-');
  } else {
    out.append(digits_, 2, 6).push_back(age_by_year >= 100 ? '+' : '-');
  }
  out.append(digits_, 8, 4);
  return out;
}

Gender Personnummer::gender() const noexcept {
  // The 9th digit of the 10-digit form is the 11th of the 12 digits.
  return (digits_[10] - '0') % 2 == 1 ? Gender::kMale : Gender::kFemale;
}

}  // namespace samverkan::ids
