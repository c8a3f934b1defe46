#include <boost/test/unit_test.hpp>

#include <Poco/Exception.h>
#include <Poco/Net/StreamSocket.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "libcore/bankid/bankid_fixture.hpp"
#include "samverkan/bankid/client.hpp"
#include "samverkan/core/error.hpp"
#include "support/https_client.hpp"

using namespace samverkan;
using namespace std::chrono_literals;

namespace {

bankid::AuthRequest any_auth() {
  bankid::AuthRequest request;
  request.end_user_ip = "192.0.2.10";
  return request;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A raw OpenSSL client that trusts the test CA and presents no certificate. Returns the
// OpenSSL reason of the first failure ("" when the exchange worked): a TLS 1.2 server refuses
// in the handshake; in TLS 1.3 the client finishes its side of the handshake first and learns
// of the refusal from the alert that replaces the answer.
std::string exchange_without_certificate(const std::filesystem::path& ca, std::uint16_t port, int tls_version) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(ctx, tls_version);
  SSL_CTX_set_max_proto_version(ctx, tls_version);
  SSL_CTX_load_verify_locations(ctx, ca.c_str(), nullptr);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, static_cast<int>(socket.impl()->sockfd()));
  std::string failure;
  auto reason = [] {
    char buffer[256];
    ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
    ERR_clear_error();
    return std::string(buffer);
  };
  if (SSL_connect(ssl) != 1) {
    failure = "handshake: " + reason();
  } else {
    const std::string request =
        "POST /rp/v6.0/auth HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Content-Length: 27\r\nConnection: close\r\n\r\n{\"endUserIp\":\"192.0.2.10\"}";
    SSL_write(ssl, request.data(), static_cast<int>(request.size()));
    char buffer[512];
    if (SSL_read(ssl, buffer, sizeof buffer) <= 0) failure = "read: " + reason();
  }
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  return failure;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bankid_mutual_tls_test)

BOOST_FIXTURE_TEST_CASE(trusted_relying_party_is_served_and_named, test::BankIdFixture) {
  BOOST_CHECK_NO_THROW(client()->auth(any_auth()));
  BOOST_TEST(simulator->requests_served() == 1u);
  BOOST_TEST(simulator->client_common_names().at(0) == "Samverkan test relying party");
}

BOOST_FIXTURE_TEST_CASE(client_without_certificate_is_refused_in_tls, test::BankIdFixture) {
  // An HTTPS client that trusts the server but has no certificate of its own.
  test::HttpsClient anonymous(pki.ca_certificate, simulator->port());
  BOOST_CHECK_THROW(anonymous.request("POST", "/rp/v6.0/auth", R"({"endUserIp":"192.0.2.10"})"), Poco::Exception);

  const auto tls13 = exchange_without_certificate(pki.ca_certificate, simulator->port(), TLS1_3_VERSION);
  BOOST_TEST_MESSAGE("TLS 1.3: " << tls13);
  BOOST_TEST(contains(tls13, "certificate required"));
  const auto tls12 = exchange_without_certificate(pki.ca_certificate, simulator->port(), TLS1_2_VERSION);
  BOOST_TEST_MESSAGE("TLS 1.2: " << tls12);
  BOOST_TEST(contains(tls12, "handshake: "));

  BOOST_TEST(simulator->requests_served() == 0u, "no request reached the API");
  BOOST_TEST(simulator->order_count() == 0u);
}

BOOST_FIXTURE_TEST_CASE(client_with_untrusted_certificate_is_refused, test::BankIdFixture) {
  auto options = client_options();
  options.client_certificate_file = pki.untrusted_relying_party.certificate;
  options.client_private_key_file = pki.untrusted_relying_party.private_key;
  BOOST_CHECK_EXCEPTION(client(options)->auth(any_auth()), Unavailable, [](const Unavailable& e) {
    BOOST_TEST_MESSAGE(e.what());
    return contains(e.what(), "BankID auth at localhost:");
  });
  BOOST_TEST(simulator->requests_served() == 0u, "no request reached the API");
  BOOST_TEST(simulator->order_count() == 0u);
}

BOOST_FIXTURE_TEST_CASE(server_not_trusted_by_the_client_is_refused, test::BankIdFixture) {
  auto options = client_options();
  options.server_ca_file = pki.untrusted_ca_certificate;  // a CA that did not issue the server's certificate
  BOOST_CHECK_EXCEPTION(client(options)->auth(any_auth()), Unavailable, [](const Unavailable& e) {
    BOOST_TEST_MESSAGE(e.what());
    return contains(e.what(), "TLS with BankID auth at localhost:") && contains(e.what(), "certificate verify failed");
  });
  BOOST_TEST(simulator->requests_served() == 0u, "nothing was sent to the untrusted server");
}

BOOST_AUTO_TEST_CASE(server_certificate_for_another_host_is_refused) {
  // Linux routes all of 127.0.0.0/8 to the loopback device; the server certificate names
  // localhost, 127.0.0.1 and ::1, but not 127.0.0.2.
  test::BankIdFixture fixture("127.0.0.2:0");
  auto options = fixture.client_options();
  options.base_url = "https://127.0.0.2:" + std::to_string(fixture.simulator->port()) + "/rp/v6.0/";
  BOOST_CHECK_EXCEPTION(fixture.client(options)->auth(any_auth()), Unavailable, [](const Unavailable& e) {
    BOOST_TEST_MESSAGE(e.what());
    return contains(e.what(), "TLS with BankID auth at 127.0.0.2:");
  });
  BOOST_TEST(fixture.simulator->requests_served() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
