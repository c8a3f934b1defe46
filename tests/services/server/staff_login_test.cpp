// Staff password + TOTP login over a real HTTPS server: the forced first password change,
// the session cookie and its CSRF token, logout, the uniform failure, and the rate limit.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <sstream>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/auth/totp.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/server/auth_routes.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/https_client.hpp"

using namespace samverkan;
using namespace std::chrono_literals;

namespace {

struct Fixture : test::AuthFixture {
  auth::AuthServices services{*db, clock, keyring, &audit, options()};
  tls::CertificateFiles cert = tls::ensure_dev_certificate(dir / "tls");
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  http::RateLimiter limiter;
  std::unique_ptr<http::Server> server;
  auth::NewStaffUser anna = create_user("anna");

  explicit Fixture(http::RateLimit limit = {.per_second = 100.0, .burst = 100.0}) : limiter(limit, clock) {
    auto router = std::make_shared<http::Router>();
    server::add_auth_routes(*router, services, limiter);
    http::ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.certificate_file = cert.certificate;
    o.private_key_file = cert.private_key;
    server = std::make_unique<http::Server>(o, router, logger);
    server->start();
  }

  auth::NewStaffUser create_user(const std::string& username) {
    auth::NewStaffUserRequest request;
    request.username = username;
    request.display_name = "Anna Andersson";
    request.roles = {security::Role::kRegistrar};
    return in_context(administrator(aneby), aneby,
                      [&](tenancy::Context& ctx) { return services.staff().create(ctx, request); });
  }

  std::string code() {
    const auto start = anna.totp_uri.find("secret=") + 7;
    const auto secret = *auth::base32_decode(anna.totp_uri.substr(start, anna.totp_uri.find('&', start) - start));
    return auth::totp(secret, clock.now());
  }

  test::HttpResult post(const std::string& path, const std::string& body,
                        std::map<std::string, std::string> headers = {}) {
    return test::HttpsClient(cert.certificate, server->port()).request("POST", path, body, "application/json", headers);
  }

  test::HttpResult login(const std::string& password, const std::string& one_time_code, const std::string& extra = {},
                         std::map<std::string, std::string> headers = {}) {
    return post("/api/v1/staff/login",
                R"({"username":"anna","password":")" + password + R"(","code":")" + one_time_code + "\"" + extra + "}",
                std::move(headers));
  }

  test::HttpResult whoami(const std::string& cookie) {
    return test::HttpsClient(cert.certificate, server->port())
        .request("GET", "/api/v1/whoami", {}, {}, {{"Cookie", cookie}});
  }

  // Logs in through the forced password change; returns the cookie ("name=value") and the
  // CSRF token.
  std::pair<std::string, std::string> logged_in(const std::string& new_password = "a new long passphrase") {
    const auto r = login(anna.initial_password, code(), R"(,"newPassword":")" + new_password + "\"");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    return {cookie_of(r), test::json_member(r.body, "csrfToken")};
  }

  static std::string cookie_of(const test::HttpResult& r) {
    const auto& set_cookie = r.headers.at("set-cookie");
    return set_cookie.substr(0, set_cookie.find(';'));
  }
};

struct StrictFixture : Fixture {
  StrictFixture() : Fixture({.per_second = 0.01, .burst = 3}) {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(staff_login_test)

BOOST_FIXTURE_TEST_CASE(the_initial_password_must_be_changed_before_a_session_starts, Fixture) {
  const auto first = login(anna.initial_password, code());
  BOOST_TEST(first.status == 403);
  BOOST_TEST(first.content_type == "application/problem+json");
  BOOST_TEST(test::json_member(first.body, "type") == "urn:samverkan:problem:password-change-required");
  BOOST_TEST(first.headers.count("set-cookie") == 0U, "no session before the change");

  // The code just used is spent; the next step's code changes the password and logs in.
  clock.advance(30s);
  const auto too_short = login(anna.initial_password, code(), R"(,"newPassword":"short")");
  BOOST_TEST(too_short.status == 400);
  BOOST_TEST(test::json_member(too_short.body, "detail").find("at least 12 characters") != std::string::npos);

  clock.advance(30s);
  const auto changed = login(anna.initial_password, code(), R"(,"newPassword":"correct horse battery")");
  BOOST_TEST_REQUIRE(changed.status == 200, changed.body);
  BOOST_TEST(test::json_member(changed.body, "kind") == "staff");
  BOOST_TEST(test::json_member(changed.body, "displayName") == "Anna Andersson");
  BOOST_TEST(changed.body.find(R"("0604":["registrar"])") != std::string::npos, changed.body);
  BOOST_TEST(test::json_member(changed.body, "csrfToken").size() >= 32U);
  const auto& set_cookie = changed.headers.at("set-cookie");
  BOOST_TEST(set_cookie.starts_with("__Host-samverkan_session="));
  BOOST_TEST(set_cookie.find("Secure") != std::string::npos);
  BOOST_TEST(set_cookie.find("HttpOnly") != std::string::npos);

  const auto me = whoami(cookie_of(changed));
  BOOST_TEST(me.status == 200, me.body);
  BOOST_TEST(test::json_member(me.body, "id") == "staff:anna");

  // The old password is gone, the new one logs in without a change.
  clock.advance(30s);
  BOOST_TEST(login(anna.initial_password, code()).status == 401);
  clock.advance(30s);
  BOOST_TEST(login("correct horse battery", code()).status == 200);
  BOOST_TEST(log_stream.str().find("correct horse battery") == std::string::npos, "passwords are never logged");
}

BOOST_FIXTURE_TEST_CASE(every_failure_is_the_same_401, Fixture) {
  const auto wrong_password = login("not the password", code());
  clock.advance(30s);
  const auto wrong_code = login(anna.initial_password, "000000");
  const auto unknown = post("/api/v1/staff/login", R"({"username":"nobody","password":"x","code":"123456"})");
  for (const auto* r : {&wrong_password, &wrong_code, &unknown}) {
    BOOST_TEST(r->status == 401);
    BOOST_TEST(r->content_type == "application/problem+json");
    BOOST_TEST(test::json_member(r->body, "detail") == std::string(auth::StaffDirectory::kLoginFailed));
    BOOST_TEST(r->headers.count("set-cookie") == 0U);
  }
  BOOST_TEST(audit_count(aneby, "staff.login", "refused") == 2, "failures of a known user are audited");

  const auto not_json = post("/api/v1/staff/login", "username=anna");
  BOOST_TEST(not_json.status == 400);
  BOOST_TEST(test::json_member(not_json.body, "detail") == "the body must be a JSON object");
  const auto missing = post("/api/v1/staff/login", R"({"username":"anna","password":"x"})");
  BOOST_TEST(missing.status == 400);
  BOOST_TEST(test::json_member(missing.body, "detail").find("\"code\"") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(logout_needs_the_csrf_token_and_ends_the_session, Fixture) {
  const auto [cookie, csrf] = logged_in();
  BOOST_TEST(whoami(cookie).status == 200);

  const auto without = post("/api/v1/staff/logout", "", {{"Cookie", cookie}});
  BOOST_TEST(without.status == 403);
  BOOST_TEST(whoami(cookie).status == 200, "a forged logout changes nothing");
  const auto wrong = post("/api/v1/staff/logout", "", {{"Cookie", cookie}, {"X-CSRF-Token", "forged"}});
  BOOST_TEST(wrong.status == 403);

  const auto out = post("/api/v1/staff/logout", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  BOOST_TEST(out.status == 204);
  BOOST_TEST(out.headers.at("set-cookie").find("Max-Age=0") != std::string::npos, out.headers.at("set-cookie"));
  const auto after = whoami(cookie);
  BOOST_TEST(after.status == 401);
  BOOST_TEST(after.content_type == "application/problem+json");

  // Logging out without a session is not an error.
  BOOST_TEST(post("/api/v1/staff/logout", "").status == 204);
}

BOOST_FIXTURE_TEST_CASE(a_new_login_rotates_the_session, Fixture) {
  const auto [cookie, csrf] = logged_in();
  clock.advance(30s);
  const auto again = login("a new long passphrase", code(), {}, {{"Cookie", cookie}});
  BOOST_TEST_REQUIRE(again.status == 200, again.body);
  const auto renewed = cookie_of(again);
  BOOST_TEST(renewed != cookie);
  BOOST_TEST(whoami(cookie).status == 401, "the session from before the login is gone");
  BOOST_TEST(whoami(renewed).status == 200);
}

BOOST_FIXTURE_TEST_CASE(login_attempts_beyond_the_rate_limit_get_429, StrictFixture) {
  for (int i = 0; i < 3; ++i) BOOST_TEST(login("guess " + std::to_string(i), "000000").status == 401);
  const auto limited = login(anna.initial_password, code());
  BOOST_TEST(limited.status == 429);
  BOOST_TEST(limited.content_type == "application/problem+json");
  BOOST_TEST(test::json_member(limited.body, "type") == "urn:samverkan:problem:rate-limited");
  BOOST_TEST(std::stoi(limited.headers.at("retry-after")) >= 1);
  // The token endpoint shares the limit.
  BOOST_TEST(post("/oauth/token", "grant_type=client_credentials").status == 429);
  BOOST_TEST(audit_count(aneby, "staff.login", "refused") == 3, "a limited request never reaches the directory");

  clock.advance(200s);
  BOOST_TEST(login(anna.initial_password, code()).status == 403, "allowed again after the wait");
}

BOOST_AUTO_TEST_SUITE_END()
