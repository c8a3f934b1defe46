#include <boost/test/unit_test.hpp>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <sstream>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/server/auth_routes.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/https_client.hpp"
#include "support/test_pki.hpp"

using namespace samverkan;
using test::CertificateKind;
using test::TestCertificate;
using Pem = test::PemFiles;
namespace fs = std::filesystem;

namespace {

struct Fixture : test::AuthFixture {
  auth::AuthServices services{*db, clock, keyring, &audit, options()};
  std::unique_ptr<auth::AuthServices> services_with_revocation;
  tls::CertificateFiles server_cert = tls::ensure_dev_certificate(dir / "tls");
  TestCertificate siths_ca =
      TestCertificate::issue({{"C", "SE"}, {"O", "Test"}, {"CN", "Test SITHS e-id CA"}}, nullptr, CertificateKind::kCa);
  TestCertificate card =
      TestCertificate::issue({{"C", "SE"}, {"CN", "Anna Andersson"}, {"serialNumber", "SE2120000142-abc1"}}, &siths_ca,
                             CertificateKind::kClient);
  TestCertificate other_card =
      TestCertificate::issue({{"C", "SE"}, {"CN", "Nils Nilsson"}, {"serialNumber", "SE2120000142-zzz9"}}, &siths_ca,
                             CertificateKind::kClient);
  TestCertificate rogue_ca = TestCertificate::issue({{"CN", "Not SITHS"}}, nullptr, CertificateKind::kCa);
  TestCertificate rogue_card = TestCertificate::issue({{"CN", "Anna Andersson"}, {"serialNumber", "SE2120000142-abc1"}},
                                                      &rogue_ca, CertificateKind::kClient);
  Pem ca_pem = test::save_pem(siths_ca, dir.path(), "siths-ca");
  Pem card_pem = test::save_pem(card, dir.path(), "card");
  Pem other_card_pem = test::save_pem(other_card, dir.path(), "other-card");
  Pem rogue_card_pem = test::save_pem(rogue_card, dir.path(), "rogue-card");
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  http::RateLimiter limiter{{.per_second = 100.0, .burst = 100.0}, clock};
  std::unique_ptr<http::Server> server;

  Fixture() {
    auth::NewStaffUserRequest request;
    request.username = "anna";
    request.hsa_id = "SE2120000142-abc1";
    request.roles = {security::Role::kRegistrar, security::Role::kCaseHandler};
    in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { services.staff().create(ctx, request); });
    serve(services);
  }

  void serve(auth::AuthServices& active) {
    if (server) server->stop(std::chrono::seconds(0));
    auto router = std::make_shared<http::Router>();
    server::add_auth_routes(*router, active, limiter);
    http::ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.certificate_file = server_cert.certificate;
    o.private_key_file = server_cert.private_key;
    o.client_ca_file = ca_pem.certificate;
    server = std::make_unique<http::Server>(o, router, logger);
    server->start();
  }

  // Serves again with staff certificates checked for revocation by `checker`.
  void serve_with(std::shared_ptr<auth::RevocationChecker> checker) {
    auto o = options();
    o.staff_revocation = std::move(checker);
    services_with_revocation = std::make_unique<auth::AuthServices>(*db, clock, keyring, &audit, o);
    serve(*services_with_revocation);
  }

  // GET /api/v1/whoami presenting `client` (or no certificate).
  test::HttpResult whoami(const Pem* client) {
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, client != nullptr ? client->key.string() : "",
                               client != nullptr ? client->certificate.string() : "", server_cert.certificate.string(),
                               Poco::Net::Context::VERIFY_STRICT, 9, false);
    Poco::Net::HTTPSClientSession session("localhost", server->port(), context);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request("GET", "/api/v1/whoami", Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    test::HttpResult result;
    result.status = static_cast<int>(response.getStatus());
    result.content_type = response.getContentType();
    Poco::StreamCopier::copyToString(in, result.body);
    return result;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(auth_siths_test)

BOOST_FIXTURE_TEST_CASE(a_siths_card_maps_to_the_staff_user, Fixture) {
  const auto r = whoami(&card_pem);
  BOOST_TEST(r.status == 200);
  BOOST_TEST(test::json_member(r.body, "id") == "staff:SE2120000142-abc1");
  BOOST_TEST(test::json_member(r.body, "kind") == "staff");
  BOOST_TEST(r.body.find(R"("roles":{"0604":["registrar","case-handler"]})") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_card_of_an_unknown_person_is_401, Fixture) {
  const auto r = whoami(&other_card_pem);
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.content_type == "application/problem+json");
  BOOST_TEST(test::json_member(r.body, "detail") == "no staff user has the HSA-id SE2120000142-zzz9");
}

BOOST_FIXTURE_TEST_CASE(no_certificate_is_401, Fixture) {
  const auto r = whoami(nullptr);
  BOOST_TEST(r.status == 401);
}

BOOST_FIXTURE_TEST_CASE(a_certificate_from_another_ca_fails_the_handshake, Fixture) {
  // Same subject and HSA-id, but not issued by the trusted CA: the TLS handshake fails, so
  // the request never reaches a handler.
  BOOST_CHECK_THROW(whoami(&rogue_card_pem), std::exception);
  BOOST_TEST(log_stream.str().find("\"status\":200") == std::string::npos);
}

// Revocation (issue 20): a revoked card, or one whose status cannot be established in hard-fail
// mode, is refused with problem+json and the refusal is audited in the user's municipality.
struct RevocationFixture : Fixture {
  std::time_t now = std::time(nullptr);
  test::CrlDistributionPoint crl_point;

  std::shared_ptr<auth::RevocationChecker> checker(auth::RevocationOptions options) {
    options.timeout = std::chrono::seconds(5);
    auto made = std::make_shared<auth::RevocationChecker>(ca_pem.certificate, std::move(options),
                                                          SystemClock::instance(), &logger);
    made->refresh_due();
    return made;
  }
  std::shared_ptr<auth::RevocationChecker> crl_checker(auth::RevocationMode mode) {
    auth::RevocationOptions o;
    o.crl_urls = {crl_point.url()};
    o.mode = mode;
    return checker(o);
  }
};

BOOST_FIXTURE_TEST_CASE(a_revoked_card_is_refused_and_audited, RevocationFixture) {
  crl_point.publish(test::make_crl(siths_ca, {&card}, now - 60, now + 3600));
  serve_with(crl_checker(auth::RevocationMode::kSoftFail));
  const auto r = whoami(&card_pem);
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.content_type == "application/problem+json");
  const auto detail = test::json_member(r.body, "detail");
  BOOST_TEST(detail.rfind("the client certificate has been revoked: the CRL of CN=Test SITHS e-id CA,O=Test,C=SE", 0) ==
             0);
  BOOST_TEST(audit_count(aneby, "staff.certificate-login", "refused") == 1);
  BOOST_TEST(log_stream.str().find("\"status\":200") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_card_the_crl_does_not_list_logs_in, RevocationFixture) {
  crl_point.publish(test::make_crl(siths_ca, {&other_card}, now - 60, now + 3600));
  serve_with(crl_checker(auth::RevocationMode::kHardFail));
  const auto r = whoami(&card_pem);
  BOOST_TEST(r.status == 200);
  BOOST_TEST(test::json_member(r.body, "id") == "staff:SE2120000142-abc1");
  BOOST_TEST(audit_count(aneby, "staff.certificate-login", "refused") == 0);
}

BOOST_FIXTURE_TEST_CASE(an_unknown_status_is_refused_only_in_hard_fail_mode, RevocationFixture) {
  test::OcspResponder responder(siths_ca, siths_ca);
  const std::string url = responder.url();
  responder.stop();
  auth::RevocationOptions o;
  o.ocsp_url = url;
  o.mode = auth::RevocationMode::kSoftFail;
  serve_with(checker(o));
  BOOST_TEST(whoami(&card_pem).status == 200);

  o.mode = auth::RevocationMode::kHardFail;
  serve_with(checker(o));
  const auto r = whoami(&card_pem);
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.content_type == "application/problem+json");
  BOOST_TEST(test::json_member(r.body, "detail")
                 .rfind("the revocation status of the client certificate cannot be established, and it must be: "
                        "the OCSP responder " +
                            url + " failed",
                        0) == 0);
  BOOST_TEST(audit_count(aneby, "staff.certificate-login", "refused") == 1);
}

BOOST_FIXTURE_TEST_CASE(a_card_revoked_by_ocsp_is_refused, RevocationFixture) {
  test::OcspResponder responder(siths_ca, siths_ca);
  responder.revoke(card);
  auth::RevocationOptions o;
  o.ocsp_url = responder.url();
  serve_with(checker(o));
  const auto r = whoami(&card_pem);
  BOOST_TEST(r.status == 401);
  BOOST_TEST(test::json_member(r.body, "detail").find("answered revoked since") != std::string::npos);
  BOOST_TEST(audit_count(aneby, "staff.certificate-login", "refused") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
