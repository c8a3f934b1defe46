#include "samverkan/ids/organisationsnummer.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "samverkan/core/error.hpp"
#include "samverkan/ids/luhn.hpp"

namespace ids = samverkan::ids;
using samverkan::InvalidInput;

namespace {

auto message_contains(std::string expected) {
  return [expected = std::move(expected)](const InvalidInput& e) {
    const std::string what = e.what();
    const bool found = what.find(expected) != std::string::npos;
    BOOST_CHECK_MESSAGE(found, "message \"" << what << "\" lacks \"" << expected << "\"");
    return found;
  };
}

// `payload` (9 digits) with its Luhn check digit appended.
std::string with_check(const std::string& payload) {
  return payload + static_cast<char>('0' + ids::luhn_check_digit(payload));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(organisationsnummer_test)

BOOST_AUTO_TEST_CASE(accepted_forms_normalise_to_ten_digits) {
  // Sundsvalls kommun.
  for (const char* text : {"212000-2411", "2120002411", "162120002411", "16212000-2411", "  212000-2411\t\n"}) {
    BOOST_TEST_CONTEXT(text) {
      const auto number = ids::Organisationsnummer::parse(text);
      BOOST_TEST(number.digits() == "2120002411");
      BOOST_TEST(number.formatted() == "212000-2411");
      BOOST_TEST(number.with_prefix() == "162120002411");
      BOOST_TEST((number.legal_form_group() == ids::LegalFormGroup::kPublic));
    }
  }
  BOOST_TEST((ids::Organisationsnummer::parse("212000-2411") == ids::Organisationsnummer::parse("162120002411")));
  // The VAT test vector of RULES.md, a limited company.
  const auto volvo = ids::Organisationsnummer::parse("556016-0680");
  BOOST_TEST((volvo.legal_form_group() == ids::LegalFormGroup::kLimitedCompany));
  BOOST_TEST(ids::to_string(volvo.legal_form_group()) == "limited company (aktiebolag)");
}

BOOST_AUTO_TEST_CASE(legal_form_group_is_the_first_digit) {
  for (int group = 1; group <= 9; ++group) {
    const std::string number = with_check(std::to_string(group) + "22000241");
    const auto parsed = ids::Organisationsnummer::parse(number);
    BOOST_TEST(static_cast<int>(parsed.legal_form_group()) == group);
    BOOST_TEST(!ids::to_string(parsed.legal_form_group()).empty());
  }
}

BOOST_AUTO_TEST_CASE(prefix_other_than_16_is_rejected) {
  for (const char* text : {"192120002411", "002120002411", "262120002411", "17212000-2411"}) {
    BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse(text), InvalidInput,
                          message_contains("organisation number prefix must be 16, got " + std::string(text, 2)));
  }
}

BOOST_AUTO_TEST_CASE(third_digit_below_2_is_rejected) {
  // Luhn-valid, so the third digit is the only reason: a personnummer-like number (a sole
  // trader's personnummer is not an organisation number).
  const std::string month_like = with_check("811218987");
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse(month_like), InvalidInput,
                        message_contains("third digit must be 2 or more, got 1"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse(with_check("550160068")), InvalidInput,
                        message_contains("third digit must be 2 or more, got 0"));
  BOOST_CHECK_NO_THROW(ids::Organisationsnummer::parse(with_check("552000068")));
}

BOOST_AUTO_TEST_CASE(leading_zero_is_rejected) {
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse(with_check("022000241")), InvalidInput,
                        message_contains("organisation number must not start with 0"));
}

BOOST_AUTO_TEST_CASE(check_digit_failures_give_the_expected_digit) {
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("212000-2412"), InvalidInput,
                        message_contains("organisation number check digit is 2, expected 1"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("165560160681"), InvalidInput,
                        message_contains("organisation number check digit is 1, expected 0"));
  // Every single-digit change of a valid number is rejected (Luhn catches them all, the first
  // and third digit rules some of them first).
  const std::string valid = "2120002411";
  for (std::size_t i = 0; i < valid.size(); ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == valid[i]) continue;
      std::string mutated = valid;
      mutated[i] = d;
      BOOST_CHECK_THROW(ids::Organisationsnummer::parse(mutated), InvalidInput);
    }
  }
}

BOOST_AUTO_TEST_CASE(shape_errors) {
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse(""), InvalidInput,
                        message_contains("organisation number is empty"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse(" \t "), InvalidInput,
                        message_contains("organisation number is empty"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("21200-2411"), InvalidInput,
                        message_contains("organisation number must have 10 digits (12 with the 16 prefix), got 9"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("21200024110"), InvalidInput, message_contains("got 11"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("1621200024110"), InvalidInput, message_contains("got 13"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("21200-02411"), InvalidInput,
                        message_contains("'-' must follow the first 6 digits"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("162-120002411"), InvalidInput,
                        message_contains("'-' must follow the first 6 digits"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("212000--2411"), InvalidInput,
                        message_contains("more than one '-'"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("212000+2411"), InvalidInput,
                        message_contains("invalid character '+' at position 7"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("212000 2411"), InvalidInput,
                        message_contains("invalid character ' ' at position 7"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("2120OO-2411"), InvalidInput,
                        message_contains("invalid character 'O' at position 5"));
  BOOST_CHECK_EXCEPTION(ids::Organisationsnummer::parse("SE212000241101"), InvalidInput,
                        message_contains("invalid character 'S' at position 1"));
}

BOOST_AUTO_TEST_SUITE_END()
