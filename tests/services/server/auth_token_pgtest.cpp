#include <boost/test/unit_test.hpp>

#include <sstream>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/server/auth_routes.hpp"
#include "samverkan/server/cli_auth.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/https_client.hpp"
#include "support/postgres.hpp"

using namespace samverkan;
using namespace std::chrono_literals;

namespace {

// A fresh PostgreSQL database per test, migrated, with the auth services over it.
struct PgFixture {
  test::PgDatabase database;
  test::AuthFixture base{database.url()};
  auth::AuthServices services{*base.db, base.clock, base.keyring, &base.audit, base.options()};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(auth_token_pgtest)

BOOST_FIXTURE_TEST_CASE(client_creation_token_exchange_and_revocation, PgFixture) {
  const auto created = base.in_context(base.administrator(base.aneby), base.aneby, [&](tenancy::Context& ctx) {
    return services.clients().create(ctx, {"errands:read", "cases:read"});
  });
  const auto found = services.clients().find(created.client.id);
  BOOST_REQUIRE(found);
  BOOST_TEST((found->created_at == std::chrono::floor<std::chrono::milliseconds>(base.clock.now())),
             "timestamptz round trip");
  BOOST_TEST(services.clients().list(base.aneby).size() == 1u);

  const auto issued =
      services.client_credentials().exchange({"client_credentials", created.client.id, created.secret, "cases:read"});
  http::Request request;
  request.headers.emplace_back("Authorization", "Bearer " + issued.access_token);
  const auto principal = services.authenticator().require(request);
  BOOST_TEST(principal.id() == "client:" + created.client.id);
  BOOST_TEST(principal.has_scope("cases:read"));
  BOOST_TEST(!principal.has_scope("errands:read"));
  BOOST_TEST(base.audit_count(base.aneby, "api-client.token", "success") == 1);

  BOOST_CHECK_THROW(
      services.client_credentials().exchange({"client_credentials", created.client.id, "wrong", std::nullopt}),
      auth::OAuthError);
  base.in_context(base.administrator(base.aneby), base.aneby,
                  [&](tenancy::Context& ctx) { services.clients().revoke(ctx, created.client.id); });
  BOOST_CHECK_EXCEPTION(services.authenticator().require(request), auth::InvalidToken,
                        [](const auth::InvalidToken& e) { return e.problem() == auth::TokenProblem::kRevoked; });
  BOOST_CHECK_THROW(
      services.client_credentials().exchange({"client_credentials", created.client.id, created.secret, std::nullopt}),
      auth::OAuthError);
  BOOST_TEST(base.audit_count(base.aneby, "api-client.authenticate", "refused") == 2);
  BOOST_TEST(!audit::AuditLog::verify(*base.db, base.aneby).first_break.has_value());
}

BOOST_FIXTURE_TEST_CASE(token_exchange_over_https, PgFixture) {
  const auto created = base.in_context(base.administrator(base.aneby), base.aneby, [&](tenancy::Context& ctx) {
    return services.clients().create(ctx, {"errands:read"});
  });
  const auto cert = tls::ensure_dev_certificate(base.dir / "tls");
  std::ostringstream log_stream;
  log::Logger logger(log_stream);
  auto router = std::make_shared<http::Router>();
  http::RateLimiter limiter({.per_second = 100.0, .burst = 100.0}, base.clock);
  server::add_auth_routes(*router, services, limiter);
  http::ServerOptions o;
  o.listen = "127.0.0.1:0";
  o.certificate_file = cert.certificate;
  o.private_key_file = cert.private_key;
  http::Server server(o, router, logger);
  server.start();
  test::HttpsClient https(cert.certificate, server.port());

  const auto token =
      https.request("POST", "/oauth/token",
                    "grant_type=client_credentials&client_id=" + created.client.id + "&client_secret=" + created.secret,
                    "application/x-www-form-urlencoded");
  BOOST_TEST(token.status == 200);
  const auto me = https.request("GET", "/api/v1/whoami", {}, {},
                                {{"Authorization", "Bearer " + test::json_member(token.body, "access_token")}});
  BOOST_TEST(me.status == 200);
  BOOST_TEST(test::json_member(me.body, "id") == "client:" + created.client.id);
  const auto wrong = https.request("POST", "/oauth/token",
                                   "grant_type=client_credentials&client_id=" + created.client.id + "&client_secret=x",
                                   "application/x-www-form-urlencoded");
  BOOST_TEST(wrong.status == 401);
  BOOST_TEST(test::json_member(wrong.body, "error") == "invalid_client");
  server.stop(std::chrono::seconds(1));
}

BOOST_FIXTURE_TEST_CASE(staff_login_lockout_and_sessions, PgFixture) {
  auth::NewStaffUserRequest request;
  request.username = "anna";
  request.hsa_id = "SE2120000142-abc1";
  request.roles = {security::Role::kRegistrar};
  const auto created = base.in_context(base.administrator(base.aneby), base.aneby,
                                       [&](tenancy::Context& ctx) { return services.staff().create(ctx, request); });
  const auto start = created.totp_uri.find("secret=") + 7;
  const auto secret = *auth::base32_decode(created.totp_uri.substr(start, created.totp_uri.find('&', start) - start));
  const auto code = [&] { return auth::totp(secret, base.clock.now()); };

  const auto user = services.staff().login("anna", created.initial_password, code());
  BOOST_TEST(user.principal().has_role(base.aneby, security::Role::kRegistrar));
  BOOST_CHECK_THROW(services.staff().login("anna", created.initial_password, code()), Unauthenticated);  // reuse
  for (int i = 0; i < 4; ++i) {
    BOOST_CHECK_THROW(services.staff().login("anna", "wrong", code()), Unauthenticated);
  }
  BOOST_TEST(base.audit_count(base.aneby, "staff.lockout", "refused") == 1);
  base.clock.advance(30s);
  BOOST_CHECK_THROW(services.staff().login("anna", created.initial_password, code()), Unauthenticated);  // locked
  base.clock.advance(30s);
  services.staff().login("anna", created.initial_password, code());

  http::ClientCertificate card;
  card.serial_number = "SE2120000142-abc1";
  BOOST_TEST(services.staff().authenticate_client_certificate(card).id() == "staff:SE2120000142-abc1");

  const auto anonymous = services.sessions().create_session(security::Principal::anonymous());
  const auto session = services.sessions().rotate(anonymous.token, user.principal());
  BOOST_TEST(!services.sessions().resume(anonymous.token));
  const auto resumed = services.sessions().resume(session.token);
  BOOST_REQUIRE(resumed);
  BOOST_TEST(resumed->principal.id() == "staff:SE2120000142-abc1");
  BOOST_TEST(services.sessions().check_csrf(*resumed, session.session.csrf_token));
  const auto citizen =
      services.sessions().create_session(security::Principal::citizen(ids::Personnummer::parse_any("191212121212")));
  BOOST_TEST(services.sessions().resume(citizen.token)->principal.personnummer()->digits() == "191212121212");
  base.clock.advance(21min);
  BOOST_TEST(services.sessions().purge_expired() == 2u);
  BOOST_TEST(!services.sessions().resume(session.token));
}

BOOST_FIXTURE_TEST_CASE(cli_on_postgresql, PgFixture) {
  const auto key_file = base.dir.write_secret("keys", crypto::Keyring::format_line(base.keyring.keys().front()) + "\n");
  std::ostringstream out, err;
  BOOST_TEST(server::run_client_create(database.url(), key_file, "0686", "mailbox:send", out, err) == 0);
  BOOST_TEST(out.str().find("client id:     0686-") == 0u);
  out.str({});
  BOOST_TEST(server::run_staff_create(database.url(), key_file, "bo", "", "Bo B", "0686", "reader", out, err) == 0);
  BOOST_TEST(out.str().find("TOTP URI:         otpauth://") != std::string::npos);
  BOOST_TEST(server::run_staff_grant(database.url(), key_file, "bo", "0604", "reader,registrar", out, err) == 0);
  BOOST_TEST(services.staff().find("bo")->roles.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
