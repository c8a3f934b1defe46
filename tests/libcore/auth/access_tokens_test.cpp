#include <boost/test/unit_test.hpp>

#include <time.h>

#include <chrono>

#include "libcore/auth/auth_fixture.hpp"
#include "libcore/auth/jwt_helpers.hpp"
#include "samverkan/auth/access_tokens.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;

namespace {

struct Fixture {
  test::TempDir dir;
  ManualClock clock{test::auth_test_start()};
  std::unique_ptr<auth::SigningKeySet> keys = auth::SigningKeySet::open(dir / "jwt", clock);
  auth::AccessTokenService tokens{*keys, clock};
  auth::ApiClient client{"0604-0123456789abcdef0123456789abcdef",
                         ids::Kommunkod::parse("0604"),
                         {"cases:read", "errands:read"},
                         test::auth_test_start(),
                         std::nullopt};

  auth::TokenProblem problem_of(const std::string& token) const {
    try {
      tokens.verify(token);
    } catch (const auth::InvalidToken& e) {
      return e.problem();
    }
    BOOST_FAIL("the token was accepted");
    return auth::TokenProblem::kMissing;
  }

  // Re-signs `claims` with our own key (a token we issued with other claims).
  std::string signed_with(const Poco::JSON::Object::Ptr& claims) const {
    return keys->sign(test::to_json(claims), auth::kAccessTokenType);
  }

  Poco::JSON::Object::Ptr claims_of(const std::string& token) const {
    return test::json_object(test::b64url_decode(test::split_jwt(token).payload));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(access_tokens_test)

BOOST_FIXTURE_TEST_CASE(issued_token_carries_the_claims_and_verifies, Fixture) {
  const auto issued = tokens.issue(client, {"errands:read"});
  BOOST_TEST(issued.expires_in.count() == 300);
  BOOST_TEST(issued.jti.size() == 22u);
  const auto claims = claims_of(issued.access_token);
  BOOST_TEST(claims->getValue<std::string>("iss") == "urn:samverkan");
  BOOST_TEST(claims->getValue<std::string>("aud") == "urn:samverkan:api");
  BOOST_TEST(claims->getValue<std::string>("sub") == client.id);
  BOOST_TEST(claims->getValue<std::string>("client_id") == client.id);
  BOOST_TEST(claims->getValue<std::string>("municipality") == "0604");
  BOOST_TEST(claims->getValue<std::string>("scope") == "errands:read");
  BOOST_TEST(claims->getValue<std::string>("jti") == issued.jti);
  const auto iat = claims->getValue<Poco::Int64>("iat");
  BOOST_TEST(iat == std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count());
  BOOST_TEST(claims->getValue<Poco::Int64>("nbf") == iat);
  BOOST_TEST(claims->getValue<Poco::Int64>("exp") == iat + 300);

  const auto principal = tokens.verify(issued.access_token);
  BOOST_TEST((principal.kind() == security::PrincipalKind::kApiClient));
  BOOST_TEST(principal.id() == "client:" + client.id);
  BOOST_TEST(principal.client_municipality()->str() == "0604");
  BOOST_TEST(principal.has_scope("errands:read"));
  BOOST_TEST(!principal.has_scope("cases:read"), "narrowed to what was asked");
  BOOST_TEST(tokens.issue(client, {"errands:read"}).jti != issued.jti);
}

BOOST_FIXTURE_TEST_CASE(scopes_must_be_held_by_the_client, Fixture) {
  BOOST_CHECK_THROW(tokens.issue(client, {"errands:write"}), InvalidInput);
  BOOST_CHECK_THROW(tokens.issue(client, {}), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(expiry_with_leeway, Fixture) {
  const auto token = tokens.issue(client, client.scopes).access_token;
  clock.advance(std::chrono::seconds(300 + 29));
  BOOST_TEST(tokens.verify(token).id() == "client:" + client.id, "inside the 30 s leeway");
  clock.advance(std::chrono::seconds(1));
  BOOST_TEST((problem_of(token) == auth::TokenProblem::kExpired));
  try {
    tokens.verify(token);
  } catch (const Unauthenticated& e) {
    BOOST_TEST(std::string(e.what()) == "the access token has expired");
  }
}

BOOST_FIXTURE_TEST_CASE(not_yet_valid_with_leeway, Fixture) {
  clock.advance(std::chrono::minutes(2));
  const auto token = tokens.issue(client, client.scopes).access_token;  // nbf = now
  clock.advance(-std::chrono::seconds(30));
  BOOST_TEST(tokens.verify(token).id() == "client:" + client.id, "a server 30 s behind still accepts it");
  clock.advance(-std::chrono::seconds(1));
  BOOST_TEST((problem_of(token) == auth::TokenProblem::kNotYetValid));
}

BOOST_FIXTURE_TEST_CASE(tampered_payload_is_refused, Fixture) {
  const auto token = tokens.issue(client, {"errands:read"}).access_token;
  const auto parts = test::split_jwt(token);
  auto claims = claims_of(token);
  claims->set("scope", "errands:read errands:write");
  const auto tampered = parts.header + "." + test::b64url(test::to_json(claims)) + "." + parts.signature;
  BOOST_TEST((problem_of(tampered) == auth::TokenProblem::kBadSignature));

  claims = claims_of(token);
  claims->set("municipality", "0686");
  BOOST_TEST((problem_of(parts.header + "." + test::b64url(test::to_json(claims)) + "." + parts.signature) ==
              auth::TokenProblem::kBadSignature));

  // A flipped bit in the signature.
  std::string signature = parts.signature;
  signature[10] = signature[10] == 'A' ? 'B' : 'A';
  BOOST_TEST((problem_of(parts.header + "." + parts.payload + "." + signature) == auth::TokenProblem::kBadSignature));
}

BOOST_FIXTURE_TEST_CASE(alg_none_is_refused, Fixture) {
  const auto token = tokens.issue(client, client.scopes).access_token;
  const auto parts = test::split_jwt(token);
  const auto header = R"({"alg":"none","typ":"at+jwt","kid":")" + keys->current_kid() + "\"}";
  BOOST_TEST((problem_of(test::b64url(header) + "." + parts.payload + ".") == auth::TokenProblem::kAlgorithmRefused));
  BOOST_TEST((problem_of(test::b64url(R"({"alg":"none"})") + "." + parts.payload + ".") ==
              auth::TokenProblem::kAlgorithmRefused));
  BOOST_TEST((problem_of(test::b64url(R"({"typ":"at+jwt"})") + "." + parts.payload + ".") ==
              auth::TokenProblem::kAlgorithmRefused));
}

BOOST_FIXTURE_TEST_CASE(hs256_alg_confusion_is_refused, Fixture) {
  // The classic attack: sign with HMAC using the verifier's public key as the secret.
  const auto token = tokens.issue(client, client.scopes).access_token;
  const auto parts = test::split_jwt(token);
  const std::string public_key = keys->jwks();
  for (const std::string alg : {"HS256", "HS384", "HS512", "RS256", "ES384"}) {
    const auto header = test::b64url(R"({"alg":")" + alg + R"(","typ":"at+jwt","kid":")" + keys->current_kid() + "\"}");
    const auto signature = test::b64url(test::hmac_sha256(public_key, header + "." + parts.payload));
    BOOST_TEST_CONTEXT(alg) {
      BOOST_TEST((problem_of(header + "." + parts.payload + "." + signature) == auth::TokenProblem::kAlgorithmRefused));
    }
  }
}

BOOST_FIXTURE_TEST_CASE(unknown_kid_is_refused, Fixture) {
  test::TempDir other_dir;
  const auto other_keys = auth::SigningKeySet::open(other_dir / "jwt", clock);
  const auth::AccessTokenService other(*other_keys, clock);
  const auto foreign = other.issue(client, client.scopes).access_token;
  BOOST_TEST((problem_of(foreign) == auth::TokenProblem::kUnknownKey));
  try {
    tokens.verify(foreign);
  } catch (const Unauthenticated& e) {
    BOOST_TEST(std::string(e.what()).find("signed with an unknown key (kid ") != std::string::npos);
  }
  // Same kid, other key: the signature fails.
  const auto parts = test::split_jwt(foreign);
  const auto header = test::b64url(R"({"alg":"ES256","kid":")" + keys->current_kid() + R"(","typ":"at+jwt"})");
  BOOST_TEST((problem_of(header + "." + parts.payload + "." + parts.signature) == auth::TokenProblem::kBadSignature));
}

BOOST_FIXTURE_TEST_CASE(rotated_key_verifies_old_tokens_until_they_expire, Fixture) {
  const auto old_token = tokens.issue(client, client.scopes).access_token;
  clock.advance(std::chrono::seconds(10));
  keys->rotate();
  const auto new_token = tokens.issue(client, client.scopes).access_token;
  BOOST_TEST(test::split_jwt(old_token).header != test::split_jwt(new_token).header, "different kid");
  BOOST_TEST(tokens.verify(old_token).id() == "client:" + client.id);
  BOOST_TEST(tokens.verify(new_token).id() == "client:" + client.id);

  // The old key stays as long as the old token can live; then both go.
  clock.advance(std::chrono::seconds(300 + 30 - 10 - 1));
  BOOST_TEST(keys->prune(std::chrono::seconds(300 + 30 + 60)).empty());
  BOOST_TEST(tokens.verify(old_token).id() == "client:" + client.id);
  clock.advance(std::chrono::seconds(1));
  BOOST_TEST((problem_of(old_token) == auth::TokenProblem::kExpired));
  clock.advance(std::chrono::seconds(72));  // superseded 392 s ago
  BOOST_TEST(keys->prune(std::chrono::seconds(300 + 30 + 60)).size() == 1u);
  BOOST_TEST(keys->keys().size() == 1u);
  BOOST_TEST(tokens.verify(tokens.issue(client, client.scopes).access_token).id() == "client:" + client.id);
}

BOOST_FIXTURE_TEST_CASE(issuer_audience_and_claims_are_checked, Fixture) {
  auto claims = claims_of(tokens.issue(client, client.scopes).access_token);
  auto changed = [&](const std::string& name, const Poco::Dynamic::Var& value) {
    auto copy = test::json_object(test::to_json(claims));
    copy->set(name, value);
    return signed_with(copy);
  };
  BOOST_TEST((problem_of(changed("iss", "https://evil.example")) == auth::TokenProblem::kWrongIssuer));
  BOOST_TEST((problem_of(changed("aud", "urn:other")) == auth::TokenProblem::kWrongAudience));
  Poco::JSON::Array::Ptr audiences = new Poco::JSON::Array;
  audiences->add("urn:other");
  audiences->add("urn:samverkan:api");
  BOOST_TEST(tokens.verify(changed("aud", audiences)).id() == "client:" + client.id, "aud may be a list");
  BOOST_TEST((problem_of(changed("exp", "tomorrow")) == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of(changed("municipality", "0686")) == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of(changed("sub", "not-a-client")) == auth::TokenProblem::kMalformed));
  auto without_exp = test::json_object(test::to_json(claims));
  without_exp->remove("exp");
  BOOST_TEST((problem_of(signed_with(without_exp)) == auth::TokenProblem::kMalformed));
  // A JWT of another type signed by the same key is not an access token.
  BOOST_CHECK_EXCEPTION(tokens.verify(keys->sign(test::to_json(claims), "JWT")), auth::InvalidToken,
                        [](const auth::InvalidToken& e) { return e.problem() == auth::TokenProblem::kWrongType; });
}

BOOST_FIXTURE_TEST_CASE(throughput, Fixture) {
  // Thread CPU time, so the figure does not depend on how busy the test machine is.
  const auto cpu_seconds = [] {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
  };
  constexpr int kCount = 500;
  std::vector<std::string> issued;
  const auto start = cpu_seconds();
  for (int i = 0; i < kCount; ++i) issued.push_back(tokens.issue(client, client.scopes).access_token);
  const auto middle = cpu_seconds();
  for (const auto& token : issued) BOOST_REQUIRE(tokens.verify(token).kind() == security::PrincipalKind::kApiClient);
  const auto end = cpu_seconds();
  BOOST_TEST_MESSAGE("ES256 access tokens, per core (CPU time): issue "
                     << static_cast<int>(kCount / (middle - start)) << "/s, verify "
                     << static_cast<int>(kCount / (end - middle)) << "/s");
}

BOOST_AUTO_TEST_SUITE_END()
