// The BankID login from the hosted pages' point of view: auth → QR content → collect → session,
// over real HTTPS against the BankID simulator (mutual TLS).
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "libcore/auth/auth_fixture.hpp"
#include "libcore/bankid/bankid_fixture.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/server/citizen_login_routes.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/example_copy.hpp"
#include "support/https_client.hpp"

using namespace samverkan;

namespace {

struct LoginFixture : test::BankIdFixture {
  test::AuthFixture auth_fixture;
  std::unique_ptr<auth::AuthServices> services;
  std::unique_ptr<bankid::Client> bankid_client = client();
  std::unique_ptr<auth::CitizenLogin> login;
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  tls::CertificateFiles cert = tls::ensure_dev_certificate(dir / "tls");
  http::RateLimiter limiter{{.per_second = 100.0, .burst = 100.0}, clock};
  std::unique_ptr<http::Server> server;

  LoginFixture() {
    services = std::make_unique<auth::AuthServices>(*auth_fixture.db, clock, auth_fixture.keyring, &auth_fixture.audit,
                                                    auth_fixture.options());
    login = std::make_unique<auth::CitizenLogin>(*bankid_client, services->sessions(), clock);
    auto router = std::make_shared<http::Router>();
    server::add_citizen_login_routes(*router, *login, limiter);
    http::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.certificate_file = cert.certificate;
    options.private_key_file = cert.private_key;
    server = std::make_unique<http::Server>(options, router, logger);
    server->start();
  }

  test::HttpsClient https() { return test::HttpsClient(cert.certificate, server->port()); }
};

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(citizen_login_test)

BOOST_FIXTURE_TEST_CASE(auth_qr_collect_session, LoginFixture) {
  auto c = https();
  const auto started = c.request("POST", "/api/v1/login/bankid");
  BOOST_REQUIRE(started.status == 201);
  const auto start_body = parse(started.body);
  const auto login_id = start_body->getValue<std::string>("loginId");
  const auto first_qr = start_body->getValue<std::string>("qr");
  BOOST_TEST(first_qr.find("bankid.") == 0);
  BOOST_TEST(started.body.find("orderRef") == std::string::npos, "the order reference stays on the server");
  BOOST_TEST(started.body.find("qrStartSecret") == std::string::npos);

  clock.advance(std::chrono::seconds(1));
  auto pending = c.request("POST", "/api/v1/login/bankid/" + login_id + "/collect");
  BOOST_REQUIRE(pending.status == 200);
  auto body = parse(pending.body);
  BOOST_TEST(body->getValue<std::string>("state") == "pending");
  BOOST_TEST(body->getValue<std::string>("hintCode") == "outstandingTransaction");
  BOOST_TEST(body->getValue<std::string>("message") == "Starta BankID-appen.");
  const auto qr = body->getValue<std::string>("qr");
  BOOST_TEST(qr != first_qr, "the QR code changes every second");
  BOOST_TEST(simulator->accepts_qr(qr), "the phone scans the current code");
  BOOST_TEST(pending.headers.count("set-cookie") == 0u);

  clock.advance(std::chrono::seconds(5));  // the simulator completes after 4 s
  const auto done = c.request("POST", "/api/v1/login/bankid/" + login_id + "/collect");
  body = parse(done.body);
  BOOST_TEST(body->getValue<std::string>("state") == "complete");
  const auto cookie = done.headers.at("set-cookie");
  BOOST_TEST(cookie.find("__Host-samverkan_session=") == 0);
  BOOST_TEST(cookie.find("Secure") != std::string::npos);
  BOOST_TEST(cookie.find("HttpOnly") != std::string::npos);
  BOOST_TEST(cookie.find("SameSite=") != std::string::npos);

  const auto token = cookie.substr(std::string("__Host-samverkan_session=").size(),
                                   cookie.find(';') - std::string("__Host-samverkan_session=").size());
  const auto session = services->sessions().resume(token);
  BOOST_REQUIRE(session.has_value());
  BOOST_TEST((session->principal.kind() == security::PrincipalKind::kCitizen));
  BOOST_TEST(session->principal.personnummer()->digits() == test::kAnna);

  // The login is finished: collecting again is a 404, not a second session.
  BOOST_TEST(c.request("POST", "/api/v1/login/bankid/" + login_id + "/collect").status == 404);
}

BOOST_FIXTURE_TEST_CASE(unknown_login_id_is_not_found, LoginFixture) {
  const auto r = https().request("POST", "/api/v1/login/bankid/0123/collect");
  BOOST_TEST(r.status == 404);
  BOOST_TEST(r.content_type == "application/problem+json");
}

BOOST_FIXTURE_TEST_CASE(user_cancel_in_the_app_fails_the_login, LoginFixture) {
  simulator->set_scenario(test::person(test::kAnna),
                          bankid_simulator::Scenario::fail("userCancel", std::chrono::seconds(1)));
  auto c = https();
  const auto login_id = parse(c.request("POST", "/api/v1/login/bankid").body)->getValue<std::string>("loginId");
  clock.advance(std::chrono::seconds(2));
  const auto r = c.request("POST", "/api/v1/login/bankid/" + login_id + "/collect");
  const auto body = parse(r.body);
  BOOST_TEST(body->getValue<std::string>("state") == "failed");
  BOOST_TEST(body->getValue<std::string>("hintCode") == "userCancel");
  BOOST_TEST(body->getValue<std::string>("message") == "Åtgärden avbruten.");
  BOOST_TEST(r.headers.count("set-cookie") == 0u);
}

BOOST_FIXTURE_TEST_CASE(cancel_ends_the_login, LoginFixture) {
  auto c = https();
  const auto login_id = parse(c.request("POST", "/api/v1/login/bankid").body)->getValue<std::string>("loginId");
  BOOST_TEST(c.request("DELETE", "/api/v1/login/bankid/" + login_id).status == 204);
  BOOST_TEST(c.request("POST", "/api/v1/login/bankid/" + login_id + "/collect").status == 404);
}

BOOST_FIXTURE_TEST_CASE(bankid_down_is_a_503_problem, LoginFixture) {
  simulator->stop();
  const auto r = https().request("POST", "/api/v1/login/bankid");
  BOOST_TEST(r.status == 503);
  BOOST_TEST(r.content_type == "application/problem+json");
}

BOOST_FIXTURE_TEST_CASE(the_platform_mounts_citizen_login_only_when_configured, test::BankIdFixture) {
  std::ostringstream log_stream;
  log::Logger logger(log_stream);
  server::PlatformOptions options;
  options.config_file = test::runnable_example(dir);
  options.data_dir = dir / "data";
  options.listen = "127.0.0.1:0";
  {
    auto without = server::Platform::start(options, logger);
    BOOST_TEST(test::HttpsClient(without->certificate_file(), without->port())
                   .request("POST", "/api/v1/login/bankid")
                   .status == 404);
  }
  options.bankid = client_options();
  auto platform = server::Platform::start(options, logger);
  const auto r =
      test::HttpsClient(platform->certificate_file(), platform->port()).request("POST", "/api/v1/login/bankid");
  BOOST_TEST(r.status == 201);
  BOOST_TEST(parse(r.body)->getValue<std::string>("qr").find("bankid.") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
