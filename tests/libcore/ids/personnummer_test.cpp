#include "samverkan/ids/personnummer.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "samverkan/core/error.hpp"
#include "samverkan/ids/luhn.hpp"
#include "support/temp_dir.hpp"

namespace chr = std::chrono;
namespace ids = samverkan::ids;
using samverkan::InvalidInput;

namespace {

// The injected "today" of these tests.
constexpr chr::year_month_day kReference{chr::year{2026}, chr::month{11}, chr::day{22}};

constexpr chr::year_month_day date(int y, unsigned m, unsigned d) {
  return chr::year_month_day{chr::year{y}, chr::month{m}, chr::day{d}};
}

auto message_contains(std::string expected) {
  return [expected = std::move(expected)](const InvalidInput& e) {
    const std::string what = e.what();
    const bool found = what.find(expected) != std::string::npos;
    BOOST_CHECK_MESSAGE(found, "message \"" << what << "\" lacks \"" << expected << "\"");
    return found;
  };
}

// `payload` (YYMMDDNNN, optionally with century and separator) with its check digit appended.
std::string with_check(const std::string& payload) {
  std::string luhn_input;
  for (char c : payload) {
    if (c >= '0' && c <= '9') luhn_input.push_back(c);
  }
  if (luhn_input.size() == 11) luhn_input.erase(0, 2);  // the century is not in the Luhn sum
  return payload + static_cast<char>('0' + ids::luhn_check_digit(luhn_input));
}

// Skatteverket's test numbers (every 20th), 12 digits each, from the shared reference folder.
std::vector<std::string> load_sample() {
  const std::string text =
      samverkan::test::read_file(samverkan::test::shared_dir() / "reference/ids/testpersonnummer_sample.csv");
  std::vector<std::string> out;
  std::size_t begin = 0;
  bool header = true;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(begin, end - begin);
    begin = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    out.push_back(std::move(line));
  }
  return out;
}

int two_digits(const std::string& s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

}  // namespace

// Boost.Test prints the operands of a failed check; libstdc++ 12 has no operator<< for dates.
template <>
struct boost::test_tools::tt_detail::print_log_value<chr::year_month_day> {
  void operator()(std::ostream& out, const chr::year_month_day& d) {
    out << static_cast<int>(d.year()) << '-' << static_cast<unsigned>(d.month()) << '-'
        << static_cast<unsigned>(d.day());
  }
};
template <>
struct boost::test_tools::tt_detail::print_log_value<ids::Personnummer> {
  void operator()(std::ostream& out, const ids::Personnummer& number) { out << number.digits(); }
};

BOOST_AUTO_TEST_SUITE(personnummer_test)

BOOST_AUTO_TEST_CASE(every_sample_number_is_valid_in_all_forms) {
  const auto sample = load_sample();
  BOOST_REQUIRE_EQUAL(sample.size(), 1990U);
  for (const auto& text : sample) {
    BOOST_TEST_CONTEXT(text) {
      BOOST_REQUIRE_EQUAL(text.size(), 12U);
      const auto number = ids::Personnummer::parse_any(text, kReference);
      BOOST_TEST(number.digits() == text);
      const int day_part = two_digits(text, 6);
      const bool coordination = day_part > 60;
      BOOST_TEST(number.is_samordningsnummer() == coordination);
      BOOST_TEST(number.birth_date() == date(std::stoi(text.substr(0, 4)), static_cast<unsigned>(two_digits(text, 4)),
                                             static_cast<unsigned>(coordination ? day_part - 60 : day_part)));
      // The short form relative to the reference date parses back to the same 12 digits (all
      // sample birth years are <= 2026); so does YYYYMMDD-NNNC.
      const std::string short_form = number.formatted(kReference);
      BOOST_TEST(ids::Personnummer::parse_any(short_form, kReference).digits() == text);
      if (short_form[6] == '-') {  // without a separator the century rule is that of '-'
        BOOST_TEST(ids::Personnummer::parse_any(short_form.substr(0, 6) + short_form.substr(7), kReference).digits() ==
                   text);
      }
      BOOST_TEST(ids::Personnummer::parse_any(text.substr(0, 8) + "-" + text.substr(8), kReference).digits() == text);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_single_digit_mutation_of_the_luhn_digits_is_rejected) {
  // The 10 digits YYMMDDNNNC carry the check digit; Luhn detects every single-digit change, so
  // each mutation must be rejected (by the date rules or by the check digit), in the 12-digit
  // form and in the 10-digit form alike. The message must never echo the number.
  const auto sample = load_sample();
  BOOST_REQUIRE_EQUAL(sample.size(), 1990U);
  std::size_t rejected = 0;
  std::size_t tried = 0;
  for (const auto& text : sample) {
    for (std::size_t pos = 2; pos < 12; ++pos) {
      for (char digit = '0'; digit <= '9'; ++digit) {
        if (digit == text[pos]) continue;
        std::string mutated = text;
        mutated[pos] = digit;
        const std::string ten = mutated.substr(2);
        for (const std::string& form : {mutated, ten}) {
          ++tried;
          try {
            (void)ids::Personnummer::parse_any(form, kReference);
            BOOST_ERROR("accepted: " << text << " with digit " << pos + 1 << " set to " << digit << " (" << form
                                     << ")");
          } catch (const InvalidInput& e) {
            ++rejected;
            const std::string what = e.what();
            if (what.find(ten) != std::string::npos || what.find(ten.substr(0, 6)) != std::string::npos) {
              BOOST_ERROR("message echoes the number: " << what);
            }
          }
        }
      }
    }
  }
  BOOST_TEST(tried == sample.size() * 10 * 9 * 2);
  BOOST_TEST(rejected == tried);
}

BOOST_AUTO_TEST_CASE(century_digit_mutations_follow_the_century_rule) {
  // The century digits are outside the Luhn sum, so a changed century keeps the check digit
  // valid (19 -> 18 is still a valid number, for another person). The reasoned expectation:
  // a mutation is accepted exactly when the new century is 18, 19 or 20 and the date exists in
  // the new year (29 February needs a leap year); then it is the same 10 digits with the new
  // birth year. Otherwise it is rejected for the century or the leap day.
  const auto sample = load_sample();
  BOOST_REQUIRE_EQUAL(sample.size(), 1990U);
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  for (const auto& text : sample) {
    for (std::size_t pos = 0; pos < 2; ++pos) {
      for (char digit = '0'; digit <= '9'; ++digit) {
        if (digit == text[pos]) continue;
        std::string mutated = text;
        mutated[pos] = digit;
        const int century = two_digits(mutated, 0);
        const int year = century * 100 + two_digits(mutated, 2);
        const int day_part = two_digits(mutated, 6);
        const auto expected_date = date(year, static_cast<unsigned>(two_digits(mutated, 4)),
                                        static_cast<unsigned>(day_part > 60 ? day_part - 60 : day_part));
        const bool expect_valid = century >= 18 && century <= 20 && expected_date.ok();
        BOOST_TEST_CONTEXT(text << " -> " << mutated) {
          if (expect_valid) {
            const auto number = ids::Personnummer::parse_any(mutated, kReference);
            BOOST_TEST(number.digits() == mutated);
            BOOST_TEST(number.birth_date() == expected_date);
            ++accepted;
          } else {
            BOOST_CHECK_EXCEPTION(ids::Personnummer::parse_any(mutated, kReference), InvalidInput,
                                  message_contains(century >= 18 && century <= 20
                                                       ? "day 29 is not a valid day of month 02"
                                                       : "century " + std::to_string(century) + " is not valid"));
            ++rejected;
          }
        }
      }
    }
  }
  BOOST_TEST(accepted + rejected == sample.size() * 2 * 9);
  // Each number has at most two valid neighbour centuries (e.g. 19 -> 18 and 20).
  BOOST_TEST(accepted > 0U);
  BOOST_TEST(accepted <= sample.size() * 2);
}

BOOST_AUTO_TEST_CASE(plus_separator_means_a_hundred_or_more) {
  // RULES.md: 121212+1212 is 1912, 121212-1212 is 2012.
  BOOST_TEST(ids::Personnummer::parse("121212+1212", kReference).digits() == "191212121212");
  BOOST_TEST(ids::Personnummer::parse("121212-1212", kReference).digits() == "201212121212");
  BOOST_TEST(ids::Personnummer::parse("1212121212", kReference).digits() == "201212121212");
  // The century boundary is the reference year: YY up to 26 is 20YY, from 27 it is 19YY.
  const std::string born_26 = with_check("261231-123");
  const std::string born_27 = with_check("270101-123");
  BOOST_TEST(ids::Personnummer::parse(born_26, kReference).birth_date() == date(2026, 12, 31));
  BOOST_TEST(ids::Personnummer::parse(born_27, kReference).birth_date() == date(1927, 1, 1));
  BOOST_TEST(ids::Personnummer::parse(born_27, date(2027, 1, 1)).birth_date() == date(2027, 1, 1));
  std::string plus_27 = born_27;
  plus_27[6] = '+';
  BOOST_TEST(ids::Personnummer::parse(plus_27, kReference).birth_date() == date(1827, 1, 1));
  // Formatting: '+' from the year the person turns 100.
  const auto born_1926 = ids::Personnummer::parse(with_check("19260601123"), kReference);
  BOOST_TEST(born_1926.formatted(kReference) == with_check("260601+123"));
  BOOST_TEST(born_1926.formatted(date(2025, 12, 31)) == with_check("260601-123"));
  const auto born_1927 = ids::Personnummer::parse(with_check("19270601123"), kReference);
  BOOST_TEST(born_1927.formatted(kReference) == with_check("270601-123"));
  BOOST_TEST(ids::Personnummer::parse(born_1927.formatted(kReference), kReference) == born_1927);
}

BOOST_AUTO_TEST_CASE(leap_days) {
  BOOST_TEST(ids::Personnummer::parse(with_check("20000229123"), kReference).birth_date() == date(2000, 2, 29));
  BOOST_TEST(ids::Personnummer::parse(with_check("000229-123"), kReference).birth_date() == date(2000, 2, 29));
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse(with_check("19000229123"), kReference), InvalidInput,
                        message_contains("day 29 is not a valid day of month 02 in 1900 (not a leap year)"));
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse(with_check("000229+123"), kReference), InvalidInput,
                        message_contains("in 1900 (not a leap year)"));
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse(with_check("19990229123"), kReference), InvalidInput,
                        message_contains("in 1999 (not a leap year)"));
  BOOST_TEST(ids::Personnummer::parse(with_check("19960229123"), kReference).birth_date() == date(1996, 2, 29));
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse(with_check("20000230123"), kReference), InvalidInput,
                        message_contains("personnummer day 30 is not a valid day of month 02"));
}

BOOST_AUTO_TEST_CASE(samordningsnummer_days_61_to_91) {
  // personnummer/meta's coordination-number example shape: day 63 is the 3rd.
  const std::string text = with_check("701063-239");
  const auto number = ids::Personnummer::parse_samordningsnummer(text, kReference);
  BOOST_TEST(number.is_samordningsnummer());
  BOOST_TEST((number.kind() == ids::PersonnummerKind::kSamordningsnummer));
  BOOST_TEST(number.digits() == "19" + text.substr(0, 6) + text.substr(7));
  BOOST_TEST(number.birth_date() == date(1970, 10, 3));
  BOOST_TEST(ids::Personnummer::parse_any(text, kReference) == number);
  BOOST_TEST(number.formatted(kReference) == text);

  for (int day = 61; day <= 91; ++day) {
    const auto parsed = ids::Personnummer::parse_any(with_check("199001" + std::to_string(day) + "123"), kReference);
    BOOST_TEST(parsed.is_samordningsnummer());
    BOOST_TEST(parsed.birth_date() == date(1990, 1, static_cast<unsigned>(day - 60)));
  }
  // The day minus 60 must be a day of that month.
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse_any(with_check("19900292123"), kReference), InvalidInput,
                        message_contains("samordningsnummer day 92 is not valid for month 02: the day minus 60 "
                                         "must be 1-28"));
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse_any(with_check("19000289123"), kReference), InvalidInput,
                        message_contains("in 1900 (not a leap year)"));
  BOOST_TEST(ids::Personnummer::parse_any(with_check("20000289123"), kReference).birth_date() == date(2000, 2, 29));
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse_any(with_check("19900491123"), kReference), InvalidInput,
                        message_contains("must be 1-30"));
  // Day 32..60 is neither.
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse_any(with_check("19900160123"), kReference), InvalidInput,
                        message_contains("personnummer day 60 is not a valid day of month 01"));
  // Each parse function accepts only its kind.
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse(text, kReference), InvalidInput,
                        message_contains("personnummer day must be 01-31, got 63"));
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse_samordningsnummer("121212-1212", kReference), InvalidInput,
                        message_contains("samordningsnummer day must be 61-91 (birth day + 60), got 12"));
  BOOST_TEST(ids::to_string(number.kind()) == "samordningsnummer");
}

BOOST_AUTO_TEST_CASE(gender_from_the_ninth_digit) {
  const auto male = ids::Personnummer::parse("121212-1212", kReference);  // 9th digit 1
  BOOST_TEST((male.gender() == ids::Gender::kMale));
  BOOST_TEST(ids::to_string(male.gender()) == "male");
  const auto female = ids::Personnummer::parse(with_check("121212-122"), kReference);
  BOOST_TEST((female.gender() == ids::Gender::kFemale));
  BOOST_TEST(ids::to_string(female.gender()) == "female");
  for (char ninth = '0'; ninth <= '9'; ++ninth) {
    const auto number = ids::Personnummer::parse_any(with_check(std::string("19801010-12") + ninth), kReference);
    BOOST_TEST((number.gender() == ((ninth - '0') % 2 == 1 ? ids::Gender::kMale : ids::Gender::kFemale)));
  }
  // Also for a samordningsnummer.
  BOOST_TEST((ids::Personnummer::parse_any(with_check("801070-123"), kReference).gender() == ids::Gender::kMale));
}

BOOST_AUTO_TEST_CASE(twelve_and_ten_digit_forms_normalise_alike) {
  const std::string twelve = with_check("19811218987");
  const std::string ten = twelve.substr(2);
  const std::string dashed = ten.substr(0, 6) + "-" + ten.substr(6);
  const std::string long_dashed = twelve.substr(0, 8) + "-" + twelve.substr(8);
  const auto reference = ids::Personnummer::parse(twelve, kReference);
  BOOST_TEST(reference.digits() == twelve);
  BOOST_TEST(reference.birth_date() == date(1981, 12, 18));
  BOOST_TEST((reference.kind() == ids::PersonnummerKind::kPersonnummer));
  for (const std::string& form : {ten, dashed, long_dashed, " " + dashed + "\r\n", "\t" + twelve}) {
    BOOST_TEST_CONTEXT(form) { BOOST_TEST(ids::Personnummer::parse(form, kReference) == reference); }
  }
  BOOST_TEST(reference.formatted(kReference) == dashed);
  // The convenience overload with today's date agrees for a 12-digit form (no century to derive).
  BOOST_TEST(ids::Personnummer::parse(twelve) == reference);
  BOOST_TEST(ids::Personnummer::parse_any(twelve) == reference);
}

BOOST_AUTO_TEST_CASE(shape_errors_say_why_without_echoing_the_number) {
  struct Case {
    std::string text;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"", "personnummer is empty"},
      {" \t\n", "personnummer is empty"},
      {"121212 1212", "personnummer has invalid character ' ' at position 7"},
      {"12121X-1212", "personnummer has invalid character 'X' at position 6"},
      {"121212-T212", "personnummer has invalid character 'T' at position 8"},
      {"121212_1212", "personnummer has invalid character '_' at position 7"},
      {"１21212-1212", "personnummer has invalid character byte 0xEF at position 1"},
      {"12121-1212", "personnummer must have 10 or 12 digits (YYMMDD-NNNC or YYYYMMDDNNNC), got 9"},
      {"12121212121", "got 11"},
      {"1912121212121", "got 13"},
      {"1212121-212", "separator must come after the date, before the last 4 digits"},
      {"1912-12121212", "separator must come after the date, before the last 4 digits"},
      {"121212--1212", "more than one separator"},
      {"121212-+1212", "more than one separator"},
      {"19121212+1212", "'+' separator is only allowed in the 10-digit form"},
      {"171212121212", "century 17 is not valid (18, 19 or 20)"},
      {"211212121212", "century 21 is not valid (18, 19 or 20)"},
      {"121312-1212", "personnummer month 13 is not a valid month"},
      {"120012-1212", "personnummer month 00 is not a valid month"},
      {"121200-1212", "personnummer day 00 is not a valid day of month 12"},
      {"120132-1212", "personnummer day 32 is not a valid day of month 01"},
      {"120431-1212", "personnummer day 31 is not a valid day of month 04"},
      {"121212-1213", "personnummer check digit is 3, expected 2"},
      {"191212121210", "personnummer check digit is 0, expected 2"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.text) {
      BOOST_CHECK_EXCEPTION(ids::Personnummer::parse(c.text, kReference), InvalidInput, message_contains(c.reason));
      try {
        (void)ids::Personnummer::parse(c.text, kReference);
      } catch (const InvalidInput& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("1212-1212") == std::string::npos);
        BOOST_TEST(what.find("12121212") == std::string::npos);
      }
    }
  }
  // Samordningsnummer check digit errors name the kind.
  BOOST_CHECK_EXCEPTION(ids::Personnummer::parse_any("701063-2390", kReference), InvalidInput,
                        message_contains("samordningsnummer check digit is 0, expected"));
}

BOOST_AUTO_TEST_CASE(formatted_round_trips_two_hundred_years_back) {
  // The reproducer from issue 20: born 1820, reference 2026. "200101+0194" would parse as
  // 192001010194, another valid person.
  const auto old = ids::Personnummer::parse("182001010194", kReference);
  BOOST_TEST(old.formatted(kReference) == "18200101-0194");
  BOOST_TEST(ids::Personnummer::parse(old.formatted(kReference), kReference) == old);
  BOOST_TEST(ids::Personnummer::parse("200101+0194", kReference).digits() == "192001010194");
  // The same person a year earlier is 199 by year: the '+' form still names them.
  BOOST_TEST(old.formatted(date(2019, 12, 31)) == "200101+0194");
  // Born after the reference year: "-" would read as 100 years earlier.
  const auto future = ids::Personnummer::parse("203001010192", kReference);
  BOOST_TEST(future.formatted(kReference) == "20300101-0192");
  BOOST_TEST(ids::Personnummer::parse(future.formatted(kReference), kReference) == future);
  BOOST_TEST(future.formatted(date(2030, 1, 1)) == "300101-0192");
}

BOOST_AUTO_TEST_CASE(formatted_round_trips_for_every_accepted_number) {
  // Property: for generated numbers over every century the type accepts (1800-2099), both
  // kinds, and reference dates from 1900 to 2099, parse_any(formatted(r), r) is the number,
  // and the 10-digit form is used exactly when it can name the number.
  std::mt19937 random(20261122);  // fixed seed: the same numbers on every run
  std::uniform_int_distribution<int> year_of(1800, 2099);
  std::uniform_int_distribution<unsigned> month_of(1, 12);
  std::uniform_int_distribution<int> serial_of(0, 999);
  std::uniform_int_distribution<int> reference_year_of(1900, 2099);
  std::size_t ten_digit = 0;
  std::size_t twelve_digit = 0;
  for (int i = 0; i < 20000; ++i) {
    const int year = year_of(random);
    const unsigned month = month_of(random);
    const auto last =
        static_cast<unsigned>(chr::year_month_day_last{chr::year{year}, chr::month_day_last{chr::month{month}}}.day());
    const unsigned day = std::uniform_int_distribution<unsigned>(1, last)(random);
    const bool coordination = i % 3 == 0;
    char payload[16];
    std::snprintf(payload, sizeof payload, "%04d%02u%02u%03d", year, month, coordination ? day + 60 : day,
                  serial_of(random));
    const auto number = ids::Personnummer::parse_any(with_check(payload), kReference);
    const chr::year_month_day reference = date(reference_year_of(random), month_of(random), 1);
    const std::string text = number.formatted(reference);
    BOOST_TEST_CONTEXT(number.digits() << " on " << static_cast<int>(reference.year())) {
      BOOST_TEST(ids::Personnummer::parse_any(text, reference) == number);
      const int age = static_cast<int>(reference.year()) - year;
      const bool short_form = age >= 0 && age < 200;
      BOOST_TEST(text.size() == (short_form ? 11u : 13u));
      (short_form ? ten_digit : twelve_digit) += 1;
    }
  }
  BOOST_TEST(ten_digit > 10000u, "most generated numbers have a 10-digit form");
  BOOST_TEST(twelve_digit > 1000u, "the 12-digit fallback is exercised");
}

BOOST_AUTO_TEST_SUITE_END()
