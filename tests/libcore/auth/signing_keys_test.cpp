#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "libcore/auth/auth_fixture.hpp"
#include "libcore/auth/jwt_helpers.hpp"
#include "samverkan/auth/signing_keys.hpp"
#include "samverkan/core/error.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  test::TempDir dir;
  ManualClock clock{test::auth_test_start()};
  fs::path folder = dir / "jwt";
};

unsigned mode_of(const fs::path& path) {
  struct stat status {};
  ::stat(path.c_str(), &status);
  return status.st_mode & 0777;
}

Poco::JSON::Object::Ptr jwk_for(const auth::SigningKeySet& keys, const std::string& kid) {
  const auto set = test::json_object(keys.jwks());
  const auto list = set->getArray("keys");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto jwk = list->getObject(static_cast<unsigned>(i));
    if (jwk->getValue<std::string>("kid") == kid) return jwk;
  }
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(signing_keys_test)

BOOST_FIXTURE_TEST_CASE(first_open_creates_a_private_key_file, Fixture) {
  const auto keys = auth::SigningKeySet::open(folder, clock);
  const auto held = keys->keys();
  BOOST_REQUIRE(held.size() == 1u);
  BOOST_TEST(held[0].file.filename().string() == "es256-20260302T090000000Z.pem");
  BOOST_TEST(mode_of(held[0].file) == 0600u);
  BOOST_TEST(mode_of(folder) == 0700u);
  BOOST_TEST(test::read_file(held[0].file).starts_with("-----BEGIN PRIVATE KEY-----"));
  BOOST_TEST(held[0].kid.size() == 43u, "an RFC 7638 SHA-256 thumbprint in base64url");

  // A second process (or restart) finds the same key.
  const auto again = auth::SigningKeySet::open(folder, clock);
  BOOST_TEST(again->current_kid() == keys->current_kid());
  BOOST_TEST(again->keys().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(jwks_publishes_p256_coordinates_that_verify_signatures, Fixture) {
  const auto keys = auth::SigningKeySet::open(folder, clock);
  const auto token = keys->sign(R"({"sub":"x"})", "at+jwt");
  const auto jwk = jwk_for(*keys, keys->current_kid());
  BOOST_REQUIRE(jwk);
  BOOST_TEST(jwk->getValue<std::string>("kty") == "EC");
  BOOST_TEST(jwk->getValue<std::string>("crv") == "P-256");
  BOOST_TEST(jwk->getValue<std::string>("alg") == "ES256");
  BOOST_TEST(jwk->getValue<std::string>("use") == "sig");
  BOOST_TEST(!jwk->has("d"), "never the private part");
  const auto x = jwk->getValue<std::string>("x");
  const auto y = jwk->getValue<std::string>("y");
  BOOST_TEST(test::b64url_decode(x).size() == 32u);
  BOOST_TEST(test::b64url_decode(y).size() == 32u);
  BOOST_TEST(test::b64url_decode(test::split_jwt(token).signature).size() == 64u, "JWS R || S, not DER");
  BOOST_TEST(test::openssl_verify_es256(token, x, y));

  // RFC 7638 thumbprint recomputed here from the published members.
  const std::string canonical = R"({"crv":"P-256","kty":"EC","x":")" + x + R"(","y":")" + y + R"("})";
  unsigned char digest[32];
  EVP_Digest(canonical.data(), canonical.size(), digest, nullptr, EVP_sha256(), nullptr);
  BOOST_TEST(keys->current_kid() == test::b64url(std::string(reinterpret_cast<const char*>(digest), 32)));

  const auto header = test::json_object(test::b64url_decode(test::split_jwt(token).header));
  BOOST_TEST(header->getValue<std::string>("alg") == "ES256");
  BOOST_TEST(header->getValue<std::string>("typ") == "at+jwt");
  BOOST_TEST(header->getValue<std::string>("kid") == keys->current_kid());
}

BOOST_FIXTURE_TEST_CASE(sign_and_verify_round_trip, Fixture) {
  const auto keys = auth::SigningKeySet::open(folder, clock);
  const auto token = keys->sign(R"({"sub":"someone","n":42})", "at+jwt");
  const auto claims = test::json_object(keys->verify(token, "at+jwt"));
  BOOST_TEST(claims->getValue<std::string>("sub") == "someone");
  BOOST_TEST(claims->getValue<int>("n") == 42);
  BOOST_CHECK_THROW(keys->sign("[1,2]", "at+jwt"), InvalidInput);
  BOOST_CHECK_THROW(keys->sign("not json", "at+jwt"), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(rotation_signs_with_the_new_key_and_old_tokens_still_verify, Fixture) {
  const auto keys = auth::SigningKeySet::open(folder, clock);
  const auto old_kid = keys->current_kid();
  const auto old_token = keys->sign(R"({"sub":"old"})", "at+jwt");

  clock.advance(std::chrono::hours(24));
  const auto new_kid = keys->rotate();
  BOOST_TEST(new_kid != old_kid);
  BOOST_TEST(keys->current_kid() == new_kid);
  const auto new_token = keys->sign(R"({"sub":"new"})", "at+jwt");
  BOOST_TEST(test::json_object(test::b64url_decode(test::split_jwt(new_token).header))->getValue<std::string>("kid") ==
             new_kid);
  BOOST_TEST(test::json_object(keys->verify(old_token, "at+jwt"))->getValue<std::string>("sub") == "old");
  BOOST_TEST(test::json_object(keys->verify(new_token, "at+jwt"))->getValue<std::string>("sub") == "new");
  BOOST_TEST(keys->keys().size() == 2u);
  BOOST_TEST(test::json_object(keys->jwks())->getArray("keys")->size() == 2u, "both keys are published");

  // Pruning keeps the old key while a token signed by it may still be alive ...
  clock.advance(std::chrono::minutes(5));
  BOOST_TEST(keys->prune(std::chrono::minutes(7)).empty());
  BOOST_TEST(keys->keys().size() == 2u);
  // ... and removes it afterwards; its tokens then no longer verify.
  clock.advance(std::chrono::minutes(3));
  const auto removed = keys->prune(std::chrono::minutes(7));
  BOOST_TEST(removed == std::vector<std::string>{old_kid});
  BOOST_TEST(keys->keys().size() == 1u);
  BOOST_CHECK_EXCEPTION(keys->verify(old_token, "at+jwt"), auth::InvalidToken,
                        [](const auth::InvalidToken& e) { return e.problem() == auth::TokenProblem::kUnknownKey; });
  BOOST_TEST(keys->prune(std::chrono::seconds(0)).empty(), "the signing key is never pruned");
}

BOOST_FIXTURE_TEST_CASE(rotate_if_older_than, Fixture) {
  const auto keys = auth::SigningKeySet::open(folder, clock);
  BOOST_TEST(!keys->rotate_if_older_than(std::chrono::hours(24)));
  clock.advance(std::chrono::hours(25));
  BOOST_TEST(keys->rotate_if_older_than(std::chrono::hours(24)));
  BOOST_TEST(keys->keys().size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_key_created_by_another_process_is_found_on_demand, Fixture) {
  const auto mine = auth::SigningKeySet::open(folder, clock);
  const auto other = auth::SigningKeySet::open(folder, clock);
  clock.advance(std::chrono::seconds(1));
  other->rotate();
  const auto token = other->sign(R"({"sub":"x"})", "at+jwt");
  // `mine` has not loaded the new key: it re-reads the folder when it meets the unknown kid.
  BOOST_TEST(test::json_object(mine->verify(token, "at+jwt"))->getValue<std::string>("sub") == "x");
  BOOST_TEST(mine->keys().size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(key_files_open_to_others_or_not_p256_are_refused, Fixture) {
  const auto keys = auth::SigningKeySet::open(folder, clock);
  const auto file = keys->keys()[0].file;
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  BOOST_CHECK_EXCEPTION(auth::SigningKeySet::open(folder, clock), InvalidInput, [](const InvalidInput& e) {
    const std::string message = e.what();
    return message.find("the token signing key ") == 0 &&
           message.find("is open to group or others (mode 0640); make it readable by its owner only: chmod 600") !=
               std::string::npos;
  });
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);

  const auto bogus = folder / "es256-20250101T000000000Z.pem";
  {
    std::ofstream out(bogus);
    out << "-----BEGIN PRIVATE KEY-----\nnot really\n-----END PRIVATE KEY-----\n";
  }
  fs::permissions(bogus, fs::perms::owner_read | fs::perms::owner_write);
  BOOST_CHECK_THROW(auth::SigningKeySet::open(folder, clock), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(verify_refuses_malformed_tokens, Fixture) {
  const auto keys = auth::SigningKeySet::open(folder, clock);
  const auto token = keys->sign(R"({"sub":"x"})", "at+jwt");
  const auto problem_of = [&](const std::string& candidate, std::string_view typ = "at+jwt") {
    try {
      keys->verify(candidate, typ);
    } catch (const auth::InvalidToken& e) {
      return e.problem();
    }
    BOOST_FAIL("accepted: " + candidate);
    return auth::TokenProblem::kMissing;
  };
  BOOST_TEST((problem_of("") == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of("garbage") == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of("a.b") == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of(token + ".x") == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of("!!!." + test::split_jwt(token).payload + ".x") == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of(test::b64url("[]") + ".e30.x") == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of(std::string(9000, 'a')) == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of(token, "id+jwt") == auth::TokenProblem::kWrongType));

  const auto parts = test::split_jwt(token);
  const auto with_header = [&](const std::string& header_json, const std::string& signature) {
    return test::b64url(header_json) + "." + parts.payload + "." + signature;
  };
  const auto kid = keys->current_kid();
  BOOST_TEST((problem_of(with_header(R"({"alg":"ES256","typ":"at+jwt","kid":"nope"})", parts.signature)) ==
              auth::TokenProblem::kUnknownKey));
  BOOST_TEST((problem_of(with_header(R"({"alg":"ES256","typ":"at+jwt"})", parts.signature)) ==
              auth::TokenProblem::kUnknownKey));
  BOOST_TEST((problem_of(with_header(R"({"alg":"es256","typ":"at+jwt","kid":")" + kid + "\"}", parts.signature)) ==
              auth::TokenProblem::kAlgorithmRefused));
  BOOST_TEST((problem_of(with_header(R"({"alg":"ES256","typ":"at+jwt","kid":")" + kid + R"(","crit":["x"]})",
                                     parts.signature)) == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of(parts.header + "." + parts.payload + ".") == auth::TokenProblem::kBadSignature));
  BOOST_TEST((problem_of(parts.header + "." + parts.payload + "." + std::string(86, 'A')) ==
              auth::TokenProblem::kBadSignature));
  // Signatures of the wrong length, or not base64url, never reach the ECDSA code (whose
  // malformed-signature path leaks; the sanitizer pass runs this test).
  for (const auto& signature : {std::string("AAAA"), std::string(85, 'A'), std::string(88, 'A'), std::string(86, '!'),
                                parts.signature.substr(0, 43)}) {
    BOOST_TEST((problem_of(parts.header + "." + parts.payload + "." + signature) == auth::TokenProblem::kBadSignature),
               signature);
  }
  BOOST_TEST(keys->verify(token, "at+jwt").find("\"sub\":\"x\"") != std::string::npos, "the real one still verifies");
}

BOOST_AUTO_TEST_SUITE_END()
