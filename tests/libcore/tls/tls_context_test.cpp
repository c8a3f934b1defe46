// tls::make_server_context / make_client_context: what they refuse to load, and mutual TLS as
// http::Server offers it (required client certificates fail the handshake without one).
#include "samverkan/tls/context.hpp"

#include <boost/test/unit_test.hpp>

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>

#include <sstream>

#include "bankid_simulator/test_pki.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/log/logger.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

struct Fixture {
  test::TempDir dir;
  bankid_simulator::TestPki pki = bankid_simulator::make_test_pki(dir.path() / "pki");

  std::string message_of(const auto& make) {
    try {
      make();
    } catch (const InvalidInput& e) {
      return e.what();
    }
    BOOST_FAIL("expected InvalidInput");
    return {};
  }

  // GET / over a fresh connection with `context`; the status, or -1 when TLS fails.
  static int status_with(const Poco::Net::Context::Ptr& context, std::uint16_t port) {
    try {
      Poco::Net::HTTPSClientSession session("localhost", port, context);
      session.setTimeout(Poco::Timespan(10, 0));
      Poco::Net::HTTPRequest request("GET", "/who", Poco::Net::HTTPMessage::HTTP_1_1);
      session.sendRequest(request);
      Poco::Net::HTTPResponse response;
      session.receiveResponse(response);
      return static_cast<int>(response.getStatus());
    } catch (const Poco::Exception&) {
      return -1;
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(tls_context_test)

BOOST_FIXTURE_TEST_CASE(a_key_of_another_certificate_is_refused_by_name, Fixture) {
  const auto message = message_of([&] {
    tls::make_server_context(
        {.certificate_file = pki.server.certificate, .private_key_file = pki.relying_party.private_key});
  });
  BOOST_TEST(message.find("does not belong to the certificate " + pki.server.certificate.string()) != std::string::npos,
             message);
  const auto client = message_of([&] {
    tls::make_client_context({.ca_file = pki.ca_certificate,
                              .certificate_file = pki.relying_party.certificate,
                              .private_key_file = pki.server.private_key});
  });
  BOOST_TEST(client.find("does not belong") != std::string::npos, client);
}

BOOST_FIXTURE_TEST_CASE(missing_or_unreadable_files_are_refused, Fixture) {
  BOOST_TEST(message_of([&] {
               tls::make_server_context({.certificate_file = pki.server.certificate,
                                         .private_key_file = pki.server.private_key,
                                         .client_certificates = tls::ClientCertificates::kRequired});
             }).find("no CA file") != std::string::npos);
  BOOST_TEST(message_of([&] {
               tls::make_server_context(
                   {.certificate_file = dir.path() / "none.pem", .private_key_file = pki.server.private_key});
             }).find((dir.path() / "none.pem").string()) != std::string::npos);
  BOOST_TEST(message_of([&] {
               tls::make_client_context({.ca_file = dir.path() / "no-ca.pem"});
             }).find((dir.path() / "no-ca.pem").string()) != std::string::npos);
  BOOST_TEST(message_of([&] {
               tls::make_client_context(
                   {.ca_file = pki.ca_certificate, .certificate_file = pki.relying_party.certificate});
             }).find("needs its key") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(required_client_certificates_are_checked_in_the_handshake, Fixture) {
  std::ostringstream log_stream;
  log::Logger logger(log_stream);
  auto router = std::make_shared<http::Router>();
  router->add("GET", "/who", [](http::Request& request) {
    return http::Response::json(
        200, "{\"cn\":\"" + (request.client_certificate ? request.client_certificate->common_name : "") + "\"}");
  });
  http::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.certificate_file = pki.server.certificate;
  options.private_key_file = pki.server.private_key;
  options.client_ca_file = pki.ca_certificate;
  options.require_client_certificate = true;
  http::Server server(options, router, logger);
  server.start();

  const auto with_certificate = tls::make_client_context({.ca_file = pki.ca_certificate,
                                                          .certificate_file = pki.relying_party.certificate,
                                                          .private_key_file = pki.relying_party.private_key});
  BOOST_TEST(status_with(with_certificate, server.port()) == 200);
  BOOST_TEST(status_with(tls::make_client_context({.ca_file = pki.ca_certificate}), server.port()) == -1,
             "no certificate: no connection");
  const auto untrusted = tls::make_client_context({.ca_file = pki.ca_certificate,
                                                   .certificate_file = pki.untrusted_relying_party.certificate,
                                                   .private_key_file = pki.untrusted_relying_party.private_key});
  BOOST_TEST(status_with(untrusted, server.port()) == -1, "a certificate of another CA: no connection");
  // And the client refuses a server its CA does not vouch for.
  BOOST_TEST(status_with(tls::make_client_context({.ca_file = pki.untrusted_ca_certificate,
                                                   .certificate_file = pki.relying_party.certificate,
                                                   .private_key_file = pki.relying_party.private_key}),
                         server.port()) == -1);
  server.stop(std::chrono::seconds(1));
}

BOOST_AUTO_TEST_SUITE_END()
