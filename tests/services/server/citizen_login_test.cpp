// The BankID login from the hosted pages' point of view: auth → QR content → collect → session,
// over real HTTPS against the BankID simulator (mutual TLS).
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <soci/soci.h>

#include <set>

#include "libcore/auth/auth_fixture.hpp"
#include "libcore/bankid/bankid_fixture.hpp"
#include "samverkan/auth/encrypted_columns.hpp"
#include "samverkan/bankid/animated_qr.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/crypto/encrypted_columns.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/crypto/key_rotation.hpp"
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
    login = another_node();
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

  // A CitizenLogin of its own on the same database: another node, or this one after a restart.
  std::unique_ptr<auth::CitizenLogin> another_node() {
    return std::make_unique<auth::CitizenLogin>(*auth_fixture.db, auth_fixture.keyring, *bankid_client,
                                                services->sessions(), clock);
  }

  // A browser's session: its cookie token and its id.
  auth::NewSession browser_session() { return services->sessions().create_session(security::Principal::anonymous()); }

  std::size_t stored_logins() {
    int count = 0;
    auto lease = auth_fixture.db->acquire();
    *lease << "SELECT COUNT(*) FROM bankid_login", soci::into(count);
    return static_cast<std::size_t>(count);
  }
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

BOOST_FIXTURE_TEST_CASE(the_qr_route_gives_the_code_of_each_second, LoginFixture) {
  auto c = https();
  const auto start_body = parse(c.request("POST", "/api/v1/login/bankid").body);
  const auto login_id = start_body->getValue<std::string>("loginId");
  const std::string path = "/api/v1/login/bankid/" + login_id + "/qr";
  auto r = c.request("GET", path);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(r.headers.at("cache-control") == "no-store");
  BOOST_TEST(parse(r.body)->getValue<std::string>("qr") == start_body->getValue<std::string>("qr"), "same second");
  std::set<std::string> seen;
  for (int second = 1; second <= 3; ++second) {
    clock.advance(std::chrono::seconds(1));
    const auto qr = parse(c.request("GET", path).body)->getValue<std::string>("qr");
    BOOST_TEST(qr.find("bankid.") == 0);
    BOOST_TEST(qr.find("." + std::to_string(second) + ".") != std::string::npos, qr);
    BOOST_TEST(simulator->accepts_qr(qr), "the phone scans the code of second " << second);
    seen.insert(qr);
  }
  BOOST_TEST(seen.size() == 3u, "a new code every second");
  BOOST_TEST(c.request("GET", "/api/v1/login/bankid/" + std::string(64, 'a') + "/qr").status == 404);
}

BOOST_FIXTURE_TEST_CASE(a_login_started_on_one_node_completes_on_another, LoginFixture) {
  const auto started = login->start("192.0.2.1");
  login.reset();  // the node that started it stops
  auto other = another_node();
  clock.advance(std::chrono::seconds(1));
  const auto pending = other->poll(started.login_id);
  BOOST_TEST((pending.state == auth::LoginState::kPending));
  BOOST_TEST(simulator->accepts_qr(pending.qr), "the other node draws the same order's code");
  BOOST_TEST(pending.auto_start_token == started.auto_start_token);
  clock.advance(std::chrono::seconds(5));
  const auto done = other->poll(started.login_id);
  BOOST_TEST_REQUIRE((done.state == auth::LoginState::kComplete));
  BOOST_TEST(done.session->session.principal.personnummer()->digits() == test::kAnna);
  BOOST_TEST(stored_logins() == 0u, "a completed login is gone");
  BOOST_CHECK_THROW(other->poll(started.login_id), NotFound);
}

BOOST_FIXTURE_TEST_CASE(the_order_is_stored_encrypted_under_a_hash_of_the_login_id, LoginFixture) {
  const auto started = login->start("192.0.2.1");
  std::string id, order_ref, auto_start, secret;
  {
    auto lease = auth_fixture.db->acquire();
    *lease << "SELECT id, order_ref, auto_start_token, qr_start_secret FROM bankid_login", soci::into(id),
        soci::into(order_ref), soci::into(auto_start), soci::into(secret);
  }
  BOOST_TEST(id == crypto::sha256_hex(started.login_id), "the database never holds a live login id");
  BOOST_TEST(auto_start.find(started.auto_start_token) == std::string::npos);
  const auto opened = [&](const char* column, const std::string& token) {
    return crypto::decrypt(auth_fixture.keyring, token, crypto::associated_data("bankid_login", column, {id}));
  };
  BOOST_TEST(opened("auto_start_token", auto_start) == started.auto_start_token);
  BOOST_TEST(!opened("order_ref", order_ref).empty());
  // The secret makes the code the page shows.
  const auto token = started.qr.substr(7, started.qr.find('.', 7) - 7);
  BOOST_TEST(bankid::qr_content(token, opened("qr_start_secret", secret), 0) == started.qr);
  // Sealed for this row: moved to another row's place, it does not open.
  BOOST_CHECK_THROW(crypto::decrypt(auth_fixture.keyring, secret,
                                    crypto::associated_data("bankid_login", "qr_start_secret", {std::string(64, '0')})),
                    Error);
}

BOOST_FIXTURE_TEST_CASE(keys_rotate_re_encrypts_a_login_in_progress, LoginFixture) {
  const auto started = login->start("192.0.2.1");
  const auto k2 = crypto::Keyring::generate_key("k2");
  auto keys = auth_fixture.keyring.keys();
  keys.push_back(k2);
  const auto both = crypto::Keyring::from_keys(keys);
  crypto::EncryptedColumns columns;
  auth::register_encrypted_columns(columns);
  const auto& table = columns.table("bankid_login");
  std::size_t rotated = 0;
  for (const auto& column : table.columns)
    rotated += crypto::rotate_column(*auth_fixture.db, both, table, column, 10).rotated;
  BOOST_TEST(rotated == 3u, "order reference, autostart token and QR secret");
  // A node that has only the new key carries the login on.
  const auto only_k2 = crypto::Keyring::from_keys({k2});
  auth::CitizenLogin node(*auth_fixture.db, only_k2, *bankid_client, services->sessions(), clock);
  clock.advance(std::chrono::seconds(1));
  BOOST_TEST(simulator->accepts_qr(node.qr(started.login_id)));
}

BOOST_FIXTURE_TEST_CASE(a_login_bound_to_a_browser_session_answers_only_to_it, LoginFixture) {
  const auto mine = browser_session();
  const auto theirs = browser_session();
  const auto started = login->start("192.0.2.1", mine.session.id);
  BOOST_CHECK_THROW(login->qr(started.login_id, theirs.session.id), NotFound);
  BOOST_CHECK_THROW(login->qr(started.login_id), NotFound);
  BOOST_CHECK_THROW(login->poll(started.login_id, theirs.token), NotFound);
  BOOST_CHECK_THROW(login->poll(started.login_id), NotFound);
  login->cancel(started.login_id, theirs.session.id);
  BOOST_TEST(stored_logins() == 1u, "another browser cannot cancel it either");
  BOOST_TEST(login->qr(started.login_id, mine.session.id).find("bankid.") == 0);
  clock.advance(std::chrono::seconds(5));
  const auto done = login->poll(started.login_id, mine.token);
  BOOST_TEST_REQUIRE((done.state == auth::LoginState::kComplete));
  BOOST_TEST(!services->sessions().resume(mine.token).has_value(), "the pre-login session was rotated away");
  BOOST_TEST(services->sessions().resume(done.session->token).has_value());
}

BOOST_FIXTURE_TEST_CASE(a_failed_login_keeps_its_reason_without_asking_bankid_again, LoginFixture) {
  simulator->set_scenario(test::person(test::kAnna),
                          bankid_simulator::Scenario::fail("startFailed", std::chrono::seconds(1)));
  const auto started = login->start("192.0.2.1");
  clock.advance(std::chrono::seconds(2));
  const auto failed = login->poll(started.login_id);
  BOOST_TEST((failed.state == auth::LoginState::kFailed));
  BOOST_TEST(failed.hint_code == "startFailed");
  const auto served = simulator->requests_served();
  const auto again = another_node()->poll(started.login_id);
  BOOST_TEST((again.state == auth::LoginState::kFailed));
  BOOST_TEST((again.hint == bankid::HintCode::kStartFailed));
  BOOST_TEST(simulator->requests_served() == served, "the stored outcome, not a new collect");
  BOOST_TEST(auth::user_message(again).find("QR-koden") != std::string_view::npos);
  BOOST_CHECK_THROW(login->qr(started.login_id), NotFound);
}

BOOST_FIXTURE_TEST_CASE(expired_logins_are_gone_and_purged, LoginFixture) {
  const auto old = login->start("192.0.2.1");
  clock.advance(auth::CitizenLogin::kLifetime - std::chrono::seconds(10));
  const auto fresh = login->start("192.0.2.1");
  BOOST_TEST(login->purge_expired() == 0u);
  clock.advance(std::chrono::seconds(11));
  BOOST_CHECK_THROW(login->poll(old.login_id), NotFound);
  BOOST_CHECK_THROW(login->qr(old.login_id), NotFound);
  BOOST_TEST(login->purge_expired() == 1u);
  BOOST_TEST(stored_logins() == 1u);
  BOOST_TEST(login->qr(fresh.login_id).find("bankid.") == 0, "the younger login is kept");
}

BOOST_AUTO_TEST_CASE(bankid_messages_in_swedish_and_english) {
  using bankid::CollectStatus;
  using bankid::HintCode;
  BOOST_TEST(auth::user_message(CollectStatus::kPending, HintCode::kOutstandingTransaction) == "Starta BankID-appen.");
  BOOST_TEST(auth::user_message(CollectStatus::kPending, HintCode::kOutstandingTransaction, http::Language::kEnglish) ==
             "Start your BankID app.");
  BOOST_TEST(auth::user_message(CollectStatus::kFailed, HintCode::kUserCancel, http::Language::kEnglish) ==
             "Action cancelled.");
  const HintCode all[] = {HintCode::kOutstandingTransaction,
                          HintCode::kNoClient,
                          HintCode::kStarted,
                          HintCode::kUserMrtd,
                          HintCode::kUserSign,
                          HintCode::kExpiredTransaction,
                          HintCode::kCertificateErr,
                          HintCode::kUserCancel,
                          HintCode::kCancelled,
                          HintCode::kStartFailed,
                          HintCode::kUnknown};
  for (const auto hint : all) {
    for (const auto status : {CollectStatus::kPending, CollectStatus::kFailed}) {
      const auto sv = auth::user_message(status, hint, http::Language::kSwedish);
      const auto en = auth::user_message(status, hint, http::Language::kEnglish);
      BOOST_TEST(!sv.empty());
      BOOST_TEST(!en.empty());
      BOOST_TEST(sv != en, "a text of its own in English for " << bankid::to_string(hint));
    }
  }
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
