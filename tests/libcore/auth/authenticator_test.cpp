#include <boost/test/unit_test.hpp>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/auth/auth_services.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;

namespace {

struct Fixture : test::AuthFixture {
  auth::AuthServices services{*db, clock, keyring, &audit, options()};
  auth::NewApiClient client = in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) {
    return services.clients().create(ctx, {"errands:read"});
  });

  static http::Request with_authorization(const std::string& value) {
    http::Request request;
    request.path = "/api/v1/things";
    request.request_id = "req-1";
    request.headers.emplace_back("Authorization", value);
    return request;
  }

  std::string token() {
    return services.client_credentials()
        .exchange({"client_credentials", client.client.id, client.secret, std::nullopt})
        .access_token;
  }

  auth::TokenProblem problem_of(const http::Request& request) {
    try {
      services.authenticator().require(request);
    } catch (const auth::InvalidToken& e) {
      return e.problem();
    }
    BOOST_FAIL("accepted");
    return auth::TokenProblem::kMissing;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(authenticator_test)

BOOST_FIXTURE_TEST_CASE(bearer_token_gives_the_api_client, Fixture) {
  const auto principal = services.authenticator().authenticate_bearer(with_authorization("Bearer " + token()));
  BOOST_REQUIRE(principal);
  BOOST_TEST(principal->id() == "client:" + client.client.id);
  BOOST_TEST(principal->has_scope("errands:read"));
  BOOST_TEST(services.authenticator().authenticate_bearer(with_authorization("bearer " + token())).has_value(),
             "the scheme is case-insensitive");
  BOOST_TEST(!services.authenticator().authenticate_bearer(http::Request{}).has_value());
}

BOOST_FIXTURE_TEST_CASE(failures_say_what_is_wrong, Fixture) {
  BOOST_TEST((problem_of(http::Request{}) == auth::TokenProblem::kMissing));
  BOOST_TEST((problem_of(with_authorization("Basic abc")) == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of(with_authorization("Bearer")) == auth::TokenProblem::kMalformed));
  BOOST_TEST((problem_of(with_authorization("Bearer garbage")) == auth::TokenProblem::kMalformed));
  const auto valid = token();
  clock.advance(std::chrono::minutes(6));
  BOOST_TEST((problem_of(with_authorization("Bearer " + valid)) == auth::TokenProblem::kExpired));
}

BOOST_FIXTURE_TEST_CASE(a_revoked_client_s_tokens_stop_working, Fixture) {
  const auto request = with_authorization("Bearer " + token());
  BOOST_TEST(services.authenticator().require(request).id() == "client:" + client.client.id);
  in_context(administrator(aneby), aneby,
             [&](tenancy::Context& ctx) { services.clients().revoke(ctx, client.client.id); });
  BOOST_TEST((problem_of(request) == auth::TokenProblem::kRevoked));
}

BOOST_FIXTURE_TEST_CASE(challenges_follow_rfc_6750, Fixture) {
  BOOST_TEST(auth::bearer_challenge(auth::InvalidToken(auth::TokenProblem::kMissing, "no token")) ==
             "Bearer realm=\"samverkan\"");
  BOOST_TEST(auth::bearer_challenge(auth::InvalidToken(auth::TokenProblem::kExpired, "the access token has expired")) ==
             "Bearer realm=\"samverkan\", error=\"invalid_token\", error_description=\"the access token has expired\"");
  BOOST_TEST(auth::bearer_challenge(auth::InvalidToken(auth::TokenProblem::kMalformed, "a \"quoted\" \\ thing\n")) ==
             "Bearer realm=\"samverkan\", error=\"invalid_token\", error_description=\"a quoted  thing\"");
  BOOST_TEST(auth::bearer_challenge(Unauthenticated("no staff user")) == "Bearer realm=\"samverkan\"");
}

BOOST_FIXTURE_TEST_CASE(authenticated_handler_wrapper, Fixture) {
  const auto handler = auth::authenticated(services.authenticator(), [](http::Request&, const security::Principal& p) {
    return http::Response::json(200, "{\"id\":\"" + p.id() + "\"}");
  });
  auto good = with_authorization("Bearer " + token());
  BOOST_TEST(handler(good).status == 200);

  auto bad = with_authorization("Bearer garbage");
  const auto refused = handler(bad);
  BOOST_TEST(refused.status == 401);
  BOOST_TEST(refused.content_type == "application/problem+json");
  BOOST_TEST(refused.body.find("urn:samverkan:problem:unauthenticated") != std::string::npos);
  BOOST_REQUIRE(refused.headers.size() == 1u);
  BOOST_TEST(refused.headers[0].first == "WWW-Authenticate");
  BOOST_TEST(refused.headers[0].second.starts_with("Bearer realm=\"samverkan\", error=\"invalid_token\""));

  http::Request with_certificate;
  with_certificate.client_certificate = http::ClientCertificate{"CN=x", "SE2120000142-nobody", "x", "CN=ca"};
  const auto unknown = handler(with_certificate);
  BOOST_TEST(unknown.status == 401);
  BOOST_TEST(unknown.body.find("no staff user has the HSA-id SE2120000142-nobody") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(services_maintain_keys_at_start, Fixture) {
  BOOST_TEST(services.keys().keys().size() == 1u);
  clock.advance(std::chrono::hours(24 * 91));
  services.maintain_keys();
  BOOST_TEST(services.keys().keys().size() == 2u, "rotated after 90 days; the old key kept a while");
  clock.advance(std::chrono::minutes(10));
  services.maintain_keys();
  BOOST_TEST(services.keys().keys().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
