// crypto::random_hex (crypto/digest.hpp): the platform's random identifiers (request ids, message ids, file names).
#include "samverkan/crypto/digest.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(random_test)

BOOST_AUTO_TEST_CASE(random_hex_is_lower_case_hex_of_twice_the_bytes_and_never_repeats) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string id = crypto::random_hex(16);
    BOOST_TEST(id.size() == 32U);
    BOOST_TEST(id.find_first_not_of("0123456789abcdef") == std::string::npos, id);
    seen.insert(id);
  }
  BOOST_TEST(seen.size() == 200U);
  BOOST_TEST(crypto::random_hex(0).empty());
  BOOST_TEST(crypto::random_hex(1).size() == 2U);
}

BOOST_AUTO_TEST_SUITE_END()
