#include "samverkan/ids/luhn.hpp"

#include <boost/test/unit_test.hpp>

#include "samverkan/ids/text.hpp"

namespace ids = samverkan::ids;

// The Luhn function is constexpr: these hold at compile time.
static_assert(ids::luhn_check_digit("121212121") == 2);
static_assert(ids::luhn_valid("5560160680"));

BOOST_AUTO_TEST_SUITE(luhn_test)

BOOST_AUTO_TEST_CASE(known_vectors) {
  // Personnummer 121212-1212 (Skatteverket's classic example): payload YYMMDDNNN.
  BOOST_TEST(ids::luhn_check_digit("121212121") == 2);
  // Organisation numbers: Volvo's VAT test vector 556016-0680 and Sundsvalls kommun 212000-2411.
  BOOST_TEST(ids::luhn_valid("5560160680"));
  BOOST_TEST(ids::luhn_valid("2120002411"));
  BOOST_TEST(!ids::luhn_valid("2120002412"));
  // The classic Luhn example of the credit-card world (payload 7992739871, check digit 3).
  BOOST_TEST(ids::luhn_check_digit("7992739871") == 3);
  BOOST_TEST(ids::luhn_check_digit("") == 0);
}

BOOST_AUTO_TEST_CASE(every_single_digit_change_changes_the_check_digit) {
  const std::string payload = "811218987";
  const int check = ids::luhn_check_digit(payload);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == payload[i]) continue;
      std::string mutated = payload;
      mutated[i] = d;
      BOOST_TEST(ids::luhn_check_digit(mutated) != check, "position " << i << " digit " << d);
    }
  }
}

BOOST_AUTO_TEST_CASE(text_helpers) {
  BOOST_TEST(ids::trim_ascii_whitespace(" \t0604\r\n") == "0604");
  BOOST_TEST(ids::trim_ascii_whitespace("06 04") == "06 04");
  BOOST_TEST(ids::trim_ascii_whitespace(" \v\f ").empty());
  BOOST_TEST(ids::describe_char('x') == "'x'");
  BOOST_TEST(ids::describe_char(' ') == "' '");
  BOOST_TEST(ids::describe_char('\n') == "byte 0x0A");
  BOOST_TEST(ids::describe_char('\xC3') == "byte 0xC3");
}

BOOST_AUTO_TEST_SUITE_END()
