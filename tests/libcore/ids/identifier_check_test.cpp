#include "samverkan/ids/identifier_check.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "samverkan/core/error.hpp"
#include "samverkan/ids/luhn.hpp"

namespace chr = std::chrono;
namespace ids = samverkan::ids;
using samverkan::InvalidInput;

namespace {

constexpr chr::year_month_day kReference{chr::year{2026}, chr::month{11}, chr::day{22}};

auto message_contains(std::string expected) {
  return [expected = std::move(expected)](const InvalidInput& e) {
    const std::string what = e.what();
    const bool found = what.find(expected) != std::string::npos;
    BOOST_CHECK_MESSAGE(found, "message \"" << what << "\" lacks \"" << expected << "\"");
    return found;
  };
}

ids::IdentifierCheck check(const std::string& value) { return ids::check_identifier(value, kReference); }

}  // namespace

BOOST_AUTO_TEST_SUITE(identifier_check_test)

BOOST_AUTO_TEST_CASE(personnummer) {
  for (const char* text : {"121212-1212", "1212121212", "201212121212", "20121212-1212", " 121212-1212 "}) {
    BOOST_TEST_CONTEXT(text) {
      const auto result = check(text);
      BOOST_TEST((result.kind == ids::IdentifierKind::kPersonnummer));
      BOOST_TEST(result.kind_name() == "personnummer");
      BOOST_TEST(result.normalised == "201212121212");
      BOOST_TEST(result.birth_date.value_or("") == "2012-12-12");
      BOOST_TEST((result.gender == ids::Gender::kMale));
      BOOST_TEST(result.description == "age 13 on 2026-11-22");
    }
  }
  const auto old = check("121212+1212");
  BOOST_TEST(old.normalised == "191212121212");
  BOOST_TEST(old.birth_date.value_or("") == "1912-12-12");
  BOOST_TEST(old.description == "age 113 on 2026-11-22");
  const auto born_later_this_year = check("261231-0009");
  BOOST_TEST(born_later_this_year.birth_date.value_or("") == "2026-12-31");
  BOOST_TEST(born_later_this_year.description == "birth date is after the reference date 2026-11-22");
  BOOST_TEST((born_later_this_year.gender == ids::Gender::kFemale));
}

BOOST_AUTO_TEST_CASE(samordningsnummer) {
  const std::string payload = "701063239";
  const std::string text =
      payload.substr(0, 6) + "-" + payload.substr(6) + static_cast<char>('0' + ids::luhn_check_digit(payload));
  const auto result = check(text);
  BOOST_TEST((result.kind == ids::IdentifierKind::kSamordningsnummer));
  BOOST_TEST(result.kind_name() == "samordningsnummer");
  BOOST_TEST(result.normalised == "19" + payload + text.back());
  BOOST_TEST(result.birth_date.value_or("") == "1970-10-03");
  BOOST_TEST((result.gender == ids::Gender::kMale));
  BOOST_TEST(result.description.find("coordination number") != std::string::npos);
  BOOST_TEST(result.description.find("age 56 on 2026-11-22") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(organisationsnummer) {
  for (const char* text : {"212000-2411", "2120002411", "162120002411", "16212000-2411"}) {
    BOOST_TEST_CONTEXT(text) {
      const auto result = check(text);
      BOOST_TEST((result.kind == ids::IdentifierKind::kOrganisationsnummer));
      BOOST_TEST(result.kind_name() == "organisationsnummer");
      BOOST_TEST(result.normalised == "2120002411");
      BOOST_TEST(!result.birth_date.has_value());
      BOOST_TEST(!result.gender.has_value());
      BOOST_TEST(result.description.find("legal form group 2: state, region, municipality") == 0U);
    }
  }
  BOOST_TEST(check("556016-0680").description == "legal form group 5: limited company (aktiebolag)");
}

BOOST_AUTO_TEST_CASE(hsa_id_and_kommunkod) {
  const auto hsa = check("SE2120002411-1234");
  BOOST_TEST((hsa.kind == ids::IdentifierKind::kHsaId));
  BOOST_TEST(hsa.kind_name() == "hsa-id");
  BOOST_TEST(hsa.normalised == "SE2120002411-1234");
  BOOST_TEST(hsa.description.find("organisation 212000-2411") == 0U);
  BOOST_TEST(!hsa.birth_date.has_value());

  const auto code = check("2281");
  BOOST_TEST((code.kind == ids::IdentifierKind::kKommunkod));
  BOOST_TEST(code.kind_name() == "kommunkod");
  BOOST_TEST(code.normalised == "2281");
  BOOST_TEST(code.description == "county 22: Västernorrlands län");
  BOOST_TEST(!code.gender.has_value());
}

BOOST_AUTO_TEST_CASE(disambiguation_reports_the_most_plausible_kind) {
  // Digits 3-4 below 20: a date, so personnummer reasons.
  BOOST_CHECK_EXCEPTION(check("121212-1213"), InvalidInput,
                        message_contains("personnummer check digit is 3, expected 2"));
  BOOST_CHECK_EXCEPTION(check("121312-1212"), InvalidInput,
                        message_contains("personnummer month 13 is not a valid month"));
  BOOST_CHECK_EXCEPTION(check("121912-1212"), InvalidInput,
                        message_contains("personnummer month 19 is not a valid month"));
  BOOST_CHECK_EXCEPTION(check("000229+0000"), InvalidInput,
                        message_contains("day 29 is not a valid day of month 02 in 1900"));
  BOOST_CHECK_EXCEPTION(check("701063-2390"), InvalidInput,
                        message_contains("samordningsnummer check digit is 0, expected"));
  // Digits 3-4 of 20 or more: organisation number reasons.
  BOOST_CHECK_EXCEPTION(check("212000-2412"), InvalidInput,
                        message_contains("organisation number check digit is 2, expected 1"));
  BOOST_CHECK_EXCEPTION(check("012000-2411"), InvalidInput,
                        message_contains("organisation number must not start with 0"));
  BOOST_CHECK_EXCEPTION(check("992120002411"), InvalidInput,
                        message_contains("organisation number prefix must be 16, got 99"));
  // The 16 prefix is an organisation number even when the rest would be a date.
  BOOST_CHECK_EXCEPTION(check("161212121212"), InvalidInput,
                        message_contains("organisation number third digit must be 2 or more"));
  // A century 18-20 is a personnummer, '+' always is.
  BOOST_CHECK_EXCEPTION(check("192120002411"), InvalidInput,
                        message_contains("personnummer month 20 is not a valid month"));
  BOOST_CHECK_EXCEPTION(check("212000+2411"), InvalidInput,
                        message_contains("personnummer month 20 is not a valid month"));
  // HSA-id and kommunkod reasons.
  BOOST_CHECK_EXCEPTION(check("SE2120002411-" + std::string(19, 'A')), InvalidInput,
                        message_contains("HSA-id is 32 characters long, at most 31 allowed"));
  BOOST_CHECK_EXCEPTION(check("se2120002411-1"), InvalidInput, message_contains("HSA-id must start with SE"));
  BOOST_CHECK_EXCEPTION(check("2781"), InvalidInput, message_contains("unknown county code 27"));
}

BOOST_AUTO_TEST_CASE(unrecognised_values) {
  BOOST_CHECK_EXCEPTION(check(""), InvalidInput, message_contains("identifier is empty"));
  BOOST_CHECK_EXCEPTION(check(" \t\r\n"), InvalidInput, message_contains("identifier is empty"));
  BOOST_CHECK_EXCEPTION(check("abc"), InvalidInput,
                        message_contains("not a recognised identifier: character 'a' at "
                                         "position 1 is not allowed"));
  BOOST_CHECK_EXCEPTION(check("121212 1212"), InvalidInput,
                        message_contains("character ' ' at position 7 is not allowed"));
  BOOST_CHECK_EXCEPTION(check("12345"), InvalidInput,
                        message_contains("not a recognised identifier: 5 digits; expected 4 "
                                         "(kommunkod), 10 or 12"));
  BOOST_CHECK_EXCEPTION(check("12-34"), InvalidInput, message_contains("kommunkod must be 4 digits, got 5 characters"));
  // No message echoes a personnummer.
  try {
    (void)check("121212-1213");
    BOOST_ERROR("accepted");
  } catch (const InvalidInput& e) {
    BOOST_TEST(std::string(e.what()).find("1212") == std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
