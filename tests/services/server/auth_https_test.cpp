#include <boost/test/unit_test.hpp>

#include <Poco/Base64Encoder.h>

#include <sstream>

#include "libcore/auth/auth_fixture.hpp"
#include "libcore/auth/jwt_helpers.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/server/auth_routes.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/https_client.hpp"

using namespace samverkan;

namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";

// The auth routes on a real HTTPS server (port 0) over a SQLite database.
struct Fixture : test::AuthFixture {
  auth::AuthServices services{*db, clock, keyring, &audit, options()};
  tls::CertificateFiles cert = tls::ensure_dev_certificate(dir / "tls");
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  http::RateLimiter limiter{{.per_second = 100.0, .burst = 100.0}, clock};
  std::unique_ptr<http::Server> server;
  auth::NewApiClient client = in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) {
    return services.clients().create(ctx, {"errands:read", "cases:read"});
  });

  Fixture() {
    auto router = std::make_shared<http::Router>();
    server::add_auth_routes(*router, services, limiter);
    http::ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.certificate_file = cert.certificate;
    o.private_key_file = cert.private_key;
    server = std::make_unique<http::Server>(o, router, logger);
    server->start();
  }

  test::HttpsClient https() { return test::HttpsClient(cert.certificate, server->port()); }

  test::HttpResult token_request(const std::string& body, const std::map<std::string, std::string>& headers = {}) {
    return https().request("POST", "/oauth/token", body, kForm, headers);
  }

  std::string form_credentials() const {
    return "grant_type=client_credentials&client_id=" + client.client.id + "&client_secret=" + client.secret;
  }

  static std::string basic(const std::string& id, const std::string& secret) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << id << ':' << secret;
    encoder.close();
    return "Basic " + out.str();
  }

  test::HttpResult whoami(const std::string& token) {
    return https().request("GET", "/api/v1/whoami", {}, {}, {{"Authorization", "Bearer " + token}});
  }

  std::string new_token() { return test::json_member(token_request(form_credentials()).body, "access_token"); }
};

void check_unauthorized_problem(const test::HttpResult& r) {
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.content_type == "application/problem+json");
  BOOST_TEST(test::json_member(r.body, "type") == "urn:samverkan:problem:unauthenticated");
  BOOST_TEST(test::json_member(r.body, "requestId") == r.headers.at("x-request-id"));
  BOOST_TEST(r.headers.at("www-authenticate").starts_with("Bearer realm=\"samverkan\""));
}

void check_oauth_error(const test::HttpResult& r, int status, const std::string& error) {
  BOOST_TEST(r.status == status);
  BOOST_TEST(r.content_type == "application/json", "RFC 6749 section 5.2, not problem+json");
  BOOST_TEST(test::json_member(r.body, "error") == error);
  BOOST_TEST(!test::json_member(r.body, "error_description").empty());
  BOOST_TEST(r.headers.at("cache-control") == "no-store");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(auth_https_test)

BOOST_FIXTURE_TEST_CASE(exchange_credentials_then_whoami, Fixture) {
  const auto r = token_request(form_credentials());
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.content_type == "application/json");
  BOOST_TEST(test::json_member(r.body, "token_type") == "Bearer");
  BOOST_TEST(test::json_member(r.body, "expires_in") == "300");
  BOOST_TEST(test::json_member(r.body, "scope") == "cases:read errands:read");
  BOOST_TEST(r.headers.at("cache-control") == "no-store");
  BOOST_TEST(r.headers.at("pragma") == "no-cache");
  const auto token = test::json_member(r.body, "access_token");

  const auto me = whoami(token);
  BOOST_TEST(me.status == 200);
  BOOST_TEST(test::json_member(me.body, "id") == "client:" + client.client.id);
  BOOST_TEST(test::json_member(me.body, "kind") == "api-client");
  BOOST_TEST(test::json_member(me.body, "municipality") == "0604");
  BOOST_TEST(me.body.find(R"("scopes":["cases:read","errands:read"])") != std::string::npos);
  BOOST_TEST(test::json_member(me.body, "platformAdministrator") == "false");
  BOOST_TEST(log_stream.str().find(client.secret) == std::string::npos, "secrets are never logged");
  BOOST_TEST(log_stream.str().find(token) == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(basic_authentication_and_scope_narrowing, Fixture) {
  const auto r = token_request("grant_type=client_credentials&scope=errands%3Aread",
                               {{"Authorization", basic(client.client.id, client.secret)}});
  BOOST_TEST(r.status == 200);
  BOOST_TEST(test::json_member(r.body, "scope") == "errands:read");
  const auto me = whoami(test::json_member(r.body, "access_token"));
  BOOST_TEST(me.body.find(R"("scopes":["errands:read"])") != std::string::npos);

  // '+' is a space in a form body: two scopes.
  const auto two = token_request(form_credentials() + "&scope=errands:read+cases:read");
  BOOST_TEST(test::json_member(two.body, "scope") == "cases:read errands:read");
}

BOOST_FIXTURE_TEST_CASE(wrong_secret_is_invalid_client_401, Fixture) {
  const auto r = token_request("grant_type=client_credentials&client_id=" + client.client.id + "&client_secret=nope");
  check_oauth_error(r, 401, "invalid_client");
  BOOST_TEST(r.headers.at("www-authenticate").starts_with("Basic realm=\"samverkan\""));
  check_oauth_error(token_request("grant_type=client_credentials", {{"Authorization", basic(client.client.id, "x")}}),
                    401, "invalid_client");
  check_oauth_error(token_request("grant_type=client_credentials"), 401, "invalid_client");
  check_oauth_error(token_request("grant_type=client_credentials", {{"Authorization", "Bearer abc"}}), 401,
                    "invalid_client");
  BOOST_TEST(audit_count(aneby, "api-client.authenticate", "refused") == 2);
}

BOOST_FIXTURE_TEST_CASE(revoked_client_gets_no_token_and_its_tokens_stop_working, Fixture) {
  const auto token = new_token();
  BOOST_TEST(whoami(token).status == 200);
  in_context(administrator(aneby), aneby,
             [&](tenancy::Context& ctx) { services.clients().revoke(ctx, client.client.id); });
  check_oauth_error(token_request(form_credentials()), 401, "invalid_client");
  const auto r = whoami(token);
  check_unauthorized_problem(r);
  BOOST_TEST(test::json_member(r.body, "detail") == "the API client of this token has been revoked");
  BOOST_TEST(r.headers.at("www-authenticate").find("error=\"invalid_token\"") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(garbage_expired_and_missing_tokens_are_401_problems, Fixture) {
  const auto garbage = whoami("garbage");
  check_unauthorized_problem(garbage);
  BOOST_TEST(garbage.headers.at("www-authenticate").find("error=\"invalid_token\"") != std::string::npos);

  const auto token = new_token();
  clock.advance(std::chrono::seconds(331));
  const auto expired = whoami(token);
  check_unauthorized_problem(expired);
  BOOST_TEST(test::json_member(expired.body, "detail") == "the access token has expired");
  BOOST_TEST(expired.headers.at("www-authenticate") ==
             "Bearer realm=\"samverkan\", error=\"invalid_token\", error_description=\"the access token has expired\"");

  const auto missing = https().get("/api/v1/whoami");
  check_unauthorized_problem(missing);
  BOOST_TEST(missing.headers.at("www-authenticate") == "Bearer realm=\"samverkan\"");

  // A token whose payload was changed after signing.
  const auto parts = test::split_jwt(new_token());
  auto claims = test::json_object(test::b64url_decode(parts.payload));
  claims->set("scope", "errands:read errands:write cases:read");
  const auto tampered = whoami(parts.header + "." + test::b64url(test::to_json(claims)) + "." + parts.signature);
  check_unauthorized_problem(tampered);
  BOOST_TEST(test::json_member(tampered.body, "detail") == "the token's signature does not verify");
}

BOOST_FIXTURE_TEST_CASE(malformed_token_requests, Fixture) {
  check_oauth_error(token_request("grant_type=password&username=a&password=b"), 400, "unsupported_grant_type");
  check_oauth_error(token_request("client_id=" + client.client.id + "&client_secret=" + client.secret), 400,
                    "invalid_request");
  check_oauth_error(token_request(form_credentials() + "&scope=errands:write"), 400, "invalid_scope");
  check_oauth_error(token_request(form_credentials() + "&scope=errands:read&scope=cases:read"), 400, "invalid_request");
  check_oauth_error(token_request(form_credentials(), {{"Authorization", basic(client.client.id, client.secret)}}), 400,
                    "invalid_request");
  check_oauth_error(https().request("POST", "/oauth/token", "{\"grant_type\":\"client_credentials\"}"), 400,
                    "invalid_request");
  const auto get = https().get("/oauth/token");
  BOOST_TEST(get.status == 405);
}

BOOST_FIXTURE_TEST_CASE(jwks_publishes_the_signing_key, Fixture) {
  const auto r = https().get("/.well-known/jwks.json");
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.content_type == "application/jwk-set+json");
  BOOST_TEST(r.headers.at("cache-control") == "public, max-age=300");
  const auto token = new_token();
  const auto kid = test::json_object(test::b64url_decode(test::split_jwt(token).header))->getValue<std::string>("kid");
  const auto jwk = test::json_object(r.body)->getArray("keys")->getObject(0);
  BOOST_TEST(jwk->getValue<std::string>("kid") == kid);
  BOOST_TEST(test::openssl_verify_es256(token, jwk->getValue<std::string>("x"), jwk->getValue<std::string>("y")),
             "anyone can verify our tokens from the published set");
}

BOOST_AUTO_TEST_SUITE_END()
