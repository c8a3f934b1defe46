#include <boost/test/unit_test.hpp>

#include <chrono>
#include <set>

#include "samverkan/bankid/animated_qr.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace std::chrono_literals;

namespace {

// The published test vector (npm bankid-qrcode README; checked with Python's hmac, see
// shared/reference/notes_bankid_siths.md).
constexpr const char* kVectorSecret = "d28db9a7-4cde-429e-a983-359be676944c";
constexpr const char* kVectorCodeAt0 = "dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8";
constexpr const char* kToken = "67df3917-fa0d-44e5-b327-edcc928297f8";

const Clock::TimePoint kStart = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 9h;

}  // namespace

BOOST_AUTO_TEST_SUITE(bankid_qr_test)

BOOST_AUTO_TEST_CASE(published_test_vector) { BOOST_TEST(bankid::qr_auth_code(kVectorSecret, 0) == kVectorCodeAt0); }

BOOST_AUTO_TEST_CASE(content_is_prefix_token_time_and_code) {
  BOOST_TEST(bankid::qr_content(kToken, kVectorSecret, 0) == std::string("bankid.") + kToken + ".0." + kVectorCodeAt0);
  const auto at_12 = bankid::qr_content(kToken, kVectorSecret, 12);
  BOOST_TEST(at_12 == std::string("bankid.") + kToken + ".12." + bankid::qr_auth_code(kVectorSecret, 12));
}

BOOST_AUTO_TEST_CASE(code_is_64_lower_case_hex_digits_and_depends_on_time_and_secret) {
  std::set<std::string> codes;
  for (std::int64_t t = 0; t < 30; ++t) {
    const auto code = bankid::qr_auth_code(kVectorSecret, t);
    BOOST_TEST(code.size() == 64u);
    BOOST_TEST(code.find_first_not_of("0123456789abcdef") == std::string::npos);
    codes.insert(code);
  }
  BOOST_TEST(codes.size() == 30u, "every second has its own code");
  BOOST_TEST(bankid::qr_auth_code("another-secret", 0) != kVectorCodeAt0);
}

BOOST_AUTO_TEST_CASE(animated_code_changes_every_whole_second_of_the_injected_clock) {
  ManualClock clock(kStart);
  const bankid::AnimatedQr qr(kToken, kVectorSecret, kStart, clock);
  BOOST_TEST(qr.seconds() == 0);
  BOOST_TEST(qr.content() == std::string("bankid.") + kToken + ".0." + kVectorCodeAt0);

  clock.advance(999ms);
  BOOST_TEST(qr.seconds() == 0, "rounded down");
  const auto first = qr.content();
  BOOST_TEST(first == bankid::qr_content(kToken, kVectorSecret, 0));

  clock.advance(1ms);
  BOOST_TEST(qr.seconds() == 1);
  const auto second = qr.content();
  BOOST_TEST(second != first);
  BOOST_TEST(second == bankid::qr_content(kToken, kVectorSecret, 1));

  clock.advance(1500ms);
  BOOST_TEST(qr.seconds() == 2);
  BOOST_TEST(qr.content() == bankid::qr_content(kToken, kVectorSecret, 2));

  clock.advance(28s);
  BOOST_TEST(qr.seconds() == 30);
}

BOOST_AUTO_TEST_CASE(clock_before_the_start_counts_as_zero) {
  ManualClock clock(kStart - 3s);
  const bankid::AnimatedQr qr(kToken, kVectorSecret, kStart, clock);
  BOOST_TEST(qr.seconds() == 0);
  BOOST_TEST(qr.content() == bankid::qr_content(kToken, kVectorSecret, 0));
}

BOOST_AUTO_TEST_CASE(built_from_an_order) {
  ManualClock clock(kStart + 5s);
  bankid::Order order{"ref", "auto", kToken, kVectorSecret, kStart};
  const bankid::AnimatedQr qr(order, clock);
  BOOST_TEST(qr.seconds() == 5);
  BOOST_TEST(qr.content() == bankid::qr_content(kToken, kVectorSecret, 5));
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
  ManualClock clock(kStart);
  BOOST_CHECK_THROW(bankid::qr_auth_code("", 0), InvalidInput);
  BOOST_CHECK_THROW(bankid::qr_auth_code(kVectorSecret, -1), InvalidInput);
  BOOST_CHECK_THROW(bankid::qr_content("", kVectorSecret, 0), InvalidInput);
  BOOST_CHECK_THROW(bankid::AnimatedQr("", kVectorSecret, kStart, clock), InvalidInput);
  BOOST_CHECK_THROW(bankid::AnimatedQr(kToken, "", kStart, clock), InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
