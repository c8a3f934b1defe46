#include <boost/test/unit_test.hpp>

#include <chrono>

#include "samverkan/auth/totp.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;

namespace {

std::vector<std::uint8_t> bytes(std::string_view text) { return {text.begin(), text.end()}; }

Clock::TimePoint at_unix(long long seconds) { return Clock::TimePoint(std::chrono::seconds(seconds)); }

// RFC 6238 Appendix B: the seeds are ASCII "1234567890" repeated to the hash's length.
const auto kSeedSha1 = bytes("12345678901234567890");
const auto kSeedSha256 = bytes("12345678901234567890123456789012");
const auto kSeedSha512 = bytes("1234567890123456789012345678901234567890123456789012345678901234");

struct Vector {
  long long time;
  const char* sha1;
  const char* sha256;
  const char* sha512;
};

constexpr Vector kRfc6238[] = {
    {59, "94287082", "46119246", "90693936"},         {1111111109, "07081804", "68084774", "25091201"},
    {1111111111, "14050471", "67062674", "99943326"}, {1234567890, "89005924", "91819424", "93441116"},
    {2000000000, "69279037", "90698825", "38618901"}, {20000000000, "65353130", "77737706", "47863826"},
};

auth::TotpParameters eight_digits(auth::TotpAlgorithm algorithm) {
  auth::TotpParameters p;
  p.algorithm = algorithm;
  p.digits = 8;
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(totp_test)

BOOST_AUTO_TEST_CASE(rfc_6238_appendix_b_vectors) {
  for (const auto& v : kRfc6238) {
    if (v.time > 9'000'000'000) {
      // The year 2603 is beyond std::chrono::system_clock's nanosecond range (2262): check the
      // same vector through its RFC 6238 counter T = floor(time / 30).
      const auto counter = static_cast<std::uint64_t>(v.time / 30);
      BOOST_TEST(auth::hotp(kSeedSha1, counter, auth::TotpAlgorithm::kSha1, 8) == v.sha1);
      BOOST_TEST(auth::hotp(kSeedSha256, counter, auth::TotpAlgorithm::kSha256, 8) == v.sha256);
      BOOST_TEST(auth::hotp(kSeedSha512, counter, auth::TotpAlgorithm::kSha512, 8) == v.sha512);
      continue;
    }
    BOOST_TEST_CONTEXT("T = " << v.time) {
      BOOST_TEST(auth::totp(kSeedSha1, at_unix(v.time), eight_digits(auth::TotpAlgorithm::kSha1)) == v.sha1);
      BOOST_TEST(auth::totp(kSeedSha256, at_unix(v.time), eight_digits(auth::TotpAlgorithm::kSha256)) == v.sha256);
      BOOST_TEST(auth::totp(kSeedSha512, at_unix(v.time), eight_digits(auth::TotpAlgorithm::kSha512)) == v.sha512);
    }
  }
}

BOOST_AUTO_TEST_CASE(rfc_4226_appendix_d_hotp_vectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < 10; ++counter) {
    BOOST_TEST(auth::hotp(kSeedSha1, counter, auth::TotpAlgorithm::kSha1, 6) == expected[counter]);
  }
}

BOOST_AUTO_TEST_CASE(verify_accepts_one_step_either_side_and_never_twice) {
  const auto secret = auth::new_totp_secret();
  BOOST_TEST(secret.size() == 20u);
  const auto now = at_unix(1'800'000'015);  // 15 s into a step
  const auto step = auth::totp_step(now, std::chrono::seconds(30));
  const auto code_now = auth::totp(secret, now);
  BOOST_TEST(code_now.size() == 6u);

  BOOST_TEST((auth::verify_totp(secret, code_now, now, 0) == step));
  BOOST_TEST((auth::verify_totp(secret, auth::totp(secret, now - std::chrono::seconds(30)), now, 0) == step - 1));
  BOOST_TEST((auth::verify_totp(secret, auth::totp(secret, now + std::chrono::seconds(30)), now, 0) == step + 1));
  BOOST_TEST(!auth::verify_totp(secret, auth::totp(secret, now - std::chrono::seconds(60)), now, 0));
  BOOST_TEST(!auth::verify_totp(secret, auth::totp(secret, now + std::chrono::seconds(60)), now, 0));

  // Once step is used, neither its code nor an older one is accepted again.
  BOOST_TEST(!auth::verify_totp(secret, code_now, now, step));
  BOOST_TEST(!auth::verify_totp(secret, auth::totp(secret, now - std::chrono::seconds(30)), now, step));
  BOOST_TEST((auth::verify_totp(secret, auth::totp(secret, now + std::chrono::seconds(30)), now, step) == step + 1));

  BOOST_TEST(!auth::verify_totp(secret, "", now, 0));
  BOOST_TEST(!auth::verify_totp(secret, "12345", now, 0));
  BOOST_TEST(!auth::verify_totp(secret, "abcdef", now, 0));
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_refused) {
  BOOST_CHECK_THROW(auth::hotp(kSeedSha1, 0, auth::TotpAlgorithm::kSha1, 5), InvalidInput);
  BOOST_CHECK_THROW(auth::hotp(kSeedSha1, 0, auth::TotpAlgorithm::kSha1, 9), InvalidInput);
  BOOST_CHECK_THROW(auth::hotp({}, 0, auth::TotpAlgorithm::kSha1, 6), InvalidInput);
}

BOOST_AUTO_TEST_CASE(base32_rfc_4648_vectors) {
  BOOST_TEST(auth::base32_encode(bytes("")) == "");
  BOOST_TEST(auth::base32_encode(bytes("f")) == "MY");
  BOOST_TEST(auth::base32_encode(bytes("fo")) == "MZXQ");
  BOOST_TEST(auth::base32_encode(bytes("foo")) == "MZXW6");
  BOOST_TEST(auth::base32_encode(bytes("foob")) == "MZXW6YQ");
  BOOST_TEST(auth::base32_encode(bytes("fooba")) == "MZXW6YTB");
  BOOST_TEST(auth::base32_encode(bytes("foobar")) == "MZXW6YTBOI");
  BOOST_TEST(*auth::base32_decode("MZXW6YTBOI======") == bytes("foobar"));
  BOOST_TEST(*auth::base32_decode("mzxw 6ytb oi") == bytes("foobar"));
  BOOST_TEST(!auth::base32_decode("MZXW1"));
  BOOST_TEST(*auth::base32_decode(auth::base32_encode(kSeedSha512)) == kSeedSha512);
}

BOOST_AUTO_TEST_CASE(otpauth_uri_for_authenticator_apps) {
  const auto uri = auth::otpauth_uri("Samverkan Höglandet", "anna.a@aneby", kSeedSha1);
  BOOST_TEST(uri ==
             "otpauth://totp/Samverkan%20H%C3%B6glandet:anna.a%40aneby?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
             "&issuer=Samverkan%20H%C3%B6glandet&algorithm=SHA1&digits=6&period=30");
}

BOOST_AUTO_TEST_SUITE_END()
