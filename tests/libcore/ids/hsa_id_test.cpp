#include "samverkan/ids/hsa_id.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "samverkan/core/error.hpp"

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

}  // namespace

BOOST_AUTO_TEST_SUITE(hsa_id_test)

BOOST_AUTO_TEST_CASE(valid_ids) {
  // Sundsvalls kommun's organisation number 212000-2411.
  const auto id = ids::HsaId::parse("SE2120002411-1234");
  BOOST_TEST(id.str() == "SE2120002411-1234");
  BOOST_TEST(id.organisation().digits() == "2120002411");
  BOOST_TEST(id.local_part() == "1234");

  const auto prefixed = ids::HsaId::parse(" SE162120002411-AbC9\n");
  BOOST_TEST(prefixed.str() == "SE162120002411-AbC9");
  BOOST_TEST(prefixed.organisation().digits() == "2120002411");
  BOOST_TEST(prefixed.local_part() == "AbC9");

  BOOST_TEST((ids::HsaId::parse("SE5560160680-x") == ids::HsaId::parse("SE5560160680-x")));
  BOOST_TEST(!(ids::HsaId::parse("SE5560160680-x") == ids::HsaId::parse("SE5560160680-X")));
}

BOOST_AUTO_TEST_CASE(length_limit_is_31) {
  const std::string head = "SE2120002411-";  // 13 characters
  const std::string longest = head + std::string(ids::HsaId::kMaxLength - head.size(), 'A');
  BOOST_TEST(longest.size() == 31U);
  BOOST_TEST(ids::HsaId::parse(longest).str() == longest);
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse(longest + "B"), InvalidInput,
                        message_contains("HSA-id is 32 characters long, at most 31 allowed"));
  // Surrounding whitespace does not count.
  BOOST_CHECK_NO_THROW(ids::HsaId::parse("  " + longest + "  "));
}

BOOST_AUTO_TEST_CASE(rejections_say_why) {
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse(""), InvalidInput, message_contains("HSA-id is empty"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("  "), InvalidInput, message_contains("HSA-id is empty"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("se2120002411-1"), InvalidInput,
                        message_contains("HSA-id must start with SE"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("DK2120002411-1"), InvalidInput,
                        message_contains("HSA-id must start with SE"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE2120002411"), InvalidInput,
                        message_contains("HSA-id must have a '-' between the organisation "
                                         "number and the local part"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE2120002412-1"), InvalidInput,
                        message_contains("HSA-id: organisation number check digit is 2, "
                                         "expected 1"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE192120002411-1"), InvalidInput,
                        message_contains("HSA-id: organisation number prefix must be 16, got 19"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE8112189876-1"), InvalidInput,
                        message_contains("HSA-id: organisation number third digit must be 2 or "
                                         "more, got 1"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE212000241-1"), InvalidInput,
                        message_contains("HSA-id organisation number must be 10 digits (12 with "
                                         "the 16 prefix), got 9"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE-1234"), InvalidInput, message_contains("got 0"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE21200X2411-1"), InvalidInput,
                        message_contains("HSA-id organisation number has invalid character 'X' "
                                         "at position 8"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE 2120002411-1"), InvalidInput,
                        message_contains("invalid character ' ' at position 3"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE2120002411-"), InvalidInput,
                        message_contains("HSA-id local part after '-' is empty"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE2120002411-12_3"), InvalidInput,
                        message_contains("HSA-id local part has invalid character '_' at "
                                         "position 16"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE2120002411-12-3"), InvalidInput,
                        message_contains("invalid character '-' at position 16"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE2120002411-12 3"), InvalidInput,
                        message_contains("invalid character ' ' at position 16"));
  BOOST_CHECK_EXCEPTION(ids::HsaId::parse("SE2120002411-Å"), InvalidInput,
                        message_contains("invalid character byte 0xC3 at position 14"));
}

BOOST_AUTO_TEST_SUITE_END()
