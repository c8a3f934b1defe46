#include <boost/test/unit_test.hpp>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/server/auth_routes.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/https_client.hpp"

using namespace samverkan;
namespace fs = std::filesystem;

namespace {

// Throwaway PKI made at test time with the OpenSSL X509 API; the keys live only in the
// test's temporary folder.
struct Pem {
  fs::path certificate;
  fs::path key;
};

struct Issued {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  ~Issued() {
    EVP_PKEY_free(key);
    X509_free(cert);
  }
};

void write_pem(const fs::path& file, const std::function<int(FILE*)>& writer, mode_t mode) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  BOOST_REQUIRE(fd >= 0);
  FILE* out = ::fdopen(fd, "w");
  BOOST_REQUIRE(writer(out) == 1);
  std::fclose(out);
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  BOOST_REQUIRE(ext != nullptr);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate with `subject` entries, signed by `issuer` (self-signed when null).
void issue(Issued& out, const std::vector<std::pair<std::string, std::string>>& subject, const Issued* issuer,
           bool ca) {
  out.key = EVP_EC_gen("P-256");
  out.cert = X509_new();
  X509_set_version(out.cert, 2);
  BIGNUM* serial = BN_new();
  BN_rand(serial, 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(out.cert));
  BN_free(serial);
  X509_gmtime_adj(X509_getm_notBefore(out.cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(out.cert), 24 * 3600);
  X509_set_pubkey(out.cert, out.key);
  X509_NAME* name = X509_get_subject_name(out.cert);
  for (const auto& [field, value] : subject) {
    X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  }
  X509* signer_cert = issuer != nullptr ? issuer->cert : out.cert;
  X509_set_issuer_name(out.cert, X509_get_subject_name(signer_cert));
  if (ca) {
    add_extension(out.cert, signer_cert, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(out.cert, signer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(out.cert, signer_cert, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(out.cert, signer_cert, NID_key_usage, "critical,digitalSignature");
    add_extension(out.cert, signer_cert, NID_ext_key_usage, "clientAuth");
  }
  BOOST_REQUIRE(X509_sign(out.cert, issuer != nullptr ? issuer->key : out.key, EVP_sha256()) != 0);
}

Pem save(const Issued& issued, const fs::path& folder, const std::string& name) {
  Pem pem{folder / (name + "-cert.pem"), folder / (name + "-key.pem")};
  write_pem(
      pem.certificate, [&](FILE* f) { return PEM_write_X509(f, issued.cert); }, 0644);
  write_pem(
      pem.key, [&](FILE* f) { return PEM_write_PrivateKey(f, issued.key, nullptr, nullptr, 0, nullptr, nullptr); },
      0600);
  return pem;
}

struct Fixture : test::AuthFixture {
  auth::AuthServices services{*db, clock, keyring, &audit, options()};
  tls::CertificateFiles server_cert = tls::ensure_dev_certificate(dir / "tls");
  Issued siths_ca, card, other_card, rogue_ca, rogue_card;
  Pem ca_pem, card_pem, other_card_pem, rogue_card_pem;
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  http::RateLimiter limiter{{.per_second = 100.0, .burst = 100.0}, clock};
  std::unique_ptr<http::Server> server;

  Fixture() {
    issue(siths_ca, {{"C", "SE"}, {"O", "Test"}, {"CN", "Test SITHS e-id CA"}}, nullptr, true);
    issue(card, {{"C", "SE"}, {"CN", "Anna Andersson"}, {"serialNumber", "SE2120000142-abc1"}}, &siths_ca, false);
    issue(other_card, {{"C", "SE"}, {"CN", "Nils Nilsson"}, {"serialNumber", "SE2120000142-zzz9"}}, &siths_ca, false);
    issue(rogue_ca, {{"CN", "Not SITHS"}}, nullptr, true);
    issue(rogue_card, {{"CN", "Anna Andersson"}, {"serialNumber", "SE2120000142-abc1"}}, &rogue_ca, false);
    ca_pem = save(siths_ca, dir.path(), "siths-ca");
    card_pem = save(card, dir.path(), "card");
    other_card_pem = save(other_card, dir.path(), "other-card");
    rogue_card_pem = save(rogue_card, dir.path(), "rogue-card");

    auth::NewStaffUserRequest request;
    request.username = "anna";
    request.hsa_id = "SE2120000142-abc1";
    request.roles = {security::Role::kRegistrar, security::Role::kCaseHandler};
    in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { services.staff().create(ctx, request); });

    auto router = std::make_shared<http::Router>();
    server::add_auth_routes(*router, services, limiter);
    http::ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.certificate_file = server_cert.certificate;
    o.private_key_file = server_cert.private_key;
    o.client_ca_file = ca_pem.certificate;
    server = std::make_unique<http::Server>(o, router, logger);
    server->start();
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

BOOST_AUTO_TEST_SUITE_END()
