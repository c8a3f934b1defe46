#include <boost/test/unit_test.hpp>

#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <openssl/ssl.h>

#include <future>
#include <sstream>
#include <thread>

#include "samverkan/core/error.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/https_client.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

// A server on a free port with a few routes that exercise the error paths.
struct ServerFixture {
  test::TempDir dir;
  tls::CertificateFiles cert = tls::ensure_dev_certificate(dir / "tls");
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  std::unique_ptr<http::Server> server;

  ServerFixture() {
    auto router = std::make_shared<http::Router>();
    router->add("GET", "/hello/{name}", [](http::Request& r) {
      return http::Response::json(200, "{\"hello\":\"" + r.path_params.at("name") + "\"}");
    });
    router->add("POST", "/echo", [](http::Request& r) { return http::Response::json(200, r.body); });
    router->add("GET", "/invalid", [](http::Request&) -> http::Response { throw InvalidInput("field x is required"); });
    router->add("GET", "/crash", [](http::Request&) -> http::Response { throw std::runtime_error("secret detail"); });
    router->add("GET", "/slow", [](http::Request&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(800));
      return http::Response::json(200, "{\"slow\":true}");
    });
    http::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.certificate_file = cert.certificate;
    options.private_key_file = cert.private_key;
    options.max_body_bytes = 1024;
    server = std::make_unique<http::Server>(options, router, logger);
    server->start();
  }

  test::HttpsClient client() { return test::HttpsClient(cert.certificate, server->port()); }
};

void check_problem(const test::HttpResult& r, int status, const std::string& kind) {
  BOOST_TEST(r.status == status);
  BOOST_TEST(r.content_type == "application/problem+json");
  BOOST_TEST(test::json_member(r.body, "type") == "urn:samverkan:problem:" + kind);
  BOOST_TEST(test::json_member(r.body, "status") == std::to_string(status));
  BOOST_TEST(!test::json_member(r.body, "title").empty());
  BOOST_TEST(!test::json_member(r.body, "detail").empty());
  BOOST_TEST(test::json_member(r.body, "requestId") == r.headers.at("x-request-id"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server_test)

BOOST_FIXTURE_TEST_CASE(routes_with_parameters_and_security_headers, ServerFixture) {
  const auto r = client().get("/hello/aneby");
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.body == "{\"hello\":\"aneby\"}");
  BOOST_TEST(r.headers.at("strict-transport-security").find("max-age=") == 0);
  BOOST_TEST(r.headers.at("x-content-type-options") == "nosniff");
  BOOST_TEST(r.headers.at("content-security-policy").find("default-src 'self'") == 0);
  BOOST_TEST(r.headers.at("content-security-policy").find("frame-ancestors 'none'") != std::string::npos);
  BOOST_TEST(r.headers.at("referrer-policy") == "no-referrer");
  BOOST_TEST(r.headers.at("x-request-id").size() == 24u);
}

BOOST_FIXTURE_TEST_CASE(unknown_path_is_a_404_problem, ServerFixture) {
  const auto r = client().get("/nowhere");
  check_problem(r, 404, "not-found");
  BOOST_TEST(test::json_member(r.body, "instance") == "/nowhere");
}

BOOST_FIXTURE_TEST_CASE(wrong_method_is_405_with_allow, ServerFixture) {
  const auto r = client().request("DELETE", "/echo");
  check_problem(r, 405, "method-not-allowed");
  BOOST_TEST(r.headers.at("allow") == "POST");
}

BOOST_FIXTURE_TEST_CASE(service_errors_map_to_problems, ServerFixture) {
  const auto invalid = client().get("/invalid");
  check_problem(invalid, 400, "invalid-input");
  BOOST_TEST(test::json_member(invalid.body, "detail") == "field x is required");

  const auto crash = client().get("/crash");
  check_problem(crash, 500, "internal");
  BOOST_TEST(crash.body.find("secret detail") == std::string::npos, "internal details stay in the log");
  BOOST_TEST(log_stream.str().find("secret detail") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(body_size_limit, ServerFixture) {
  BOOST_TEST(client().request("POST", "/echo", std::string(1024, 'a')).status == 200);
  const auto r = client().request("POST", "/echo", std::string(1025, 'a'));
  check_problem(r, 413, "too-large");
}

BOOST_FIXTURE_TEST_CASE(request_ids_are_kept_only_when_well_formed, ServerFixture) {
  auto c = client();
  BOOST_TEST(c.request("GET", "/hello/x", {}, {}, {{"X-Request-Id", "abc-123"}}).headers.at("x-request-id") == "abc-123");
  const auto bad = c.request("GET", "/hello/x", {}, {}, {{"X-Request-Id", "evil\"value"}});
  BOOST_TEST(bad.headers.at("x-request-id") != "evil\"value");
}

BOOST_FIXTURE_TEST_CASE(one_json_log_line_per_request_without_personal_data, ServerFixture) {
  client().get("/hello/191212121212");
  const std::string logged = log_stream.str();
  BOOST_TEST(logged.find("\"msg\":\"request\"") != std::string::npos);
  BOOST_TEST(logged.find("\"path\":\"/hello/{name}\"") != std::string::npos);
  BOOST_TEST(logged.find("\"status\":200") != std::string::npos);
  BOOST_TEST(logged.find("\"duration_ms\":") != std::string::npos);
  BOOST_TEST(logged.find("191212121212") == std::string::npos, "the raw path is never logged");
}

BOOST_FIXTURE_TEST_CASE(second_server_on_the_same_port_fails, ServerFixture) {
  http::ServerOptions options;
  options.listen = "127.0.0.1:" + std::to_string(server->port());
  options.certificate_file = cert.certificate;
  options.private_key_file = cert.private_key;
  http::Server second(options, std::make_shared<http::Router>(), logger);
  BOOST_CHECK_EXCEPTION(second.start(), Unavailable, [](const Unavailable& e) {
    return std::string(e.what()).find("cannot listen on 127.0.0.1:") == 0;
  });
  BOOST_TEST(client().get("/hello/x").status == 200, "the first server is untouched");
}

BOOST_FIXTURE_TEST_CASE(bad_certificate_is_invalid_input, ServerFixture) {
  http::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.certificate_file = dir.write("bad.pem", "not a certificate");
  options.private_key_file = cert.private_key;
  http::Server bad(options, std::make_shared<http::Router>(), logger);
  BOOST_CHECK_THROW(bad.start(), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(tls_below_1_2_is_refused, ServerFixture) {
  auto try_handshake = [&](int max_version) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_security_level(ctx, 0);  // the client would accept old TLS; the server must not
    SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(ctx, max_version);
    SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server->port()));
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, static_cast<int>(socket.impl()->sockfd()));
    const bool ok = SSL_connect(ssl) == 1;
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return ok;
  };
  BOOST_TEST(!try_handshake(TLS1_1_VERSION));
  BOOST_TEST(!try_handshake(TLS1_VERSION));
  BOOST_TEST(try_handshake(TLS1_2_VERSION), "the same client succeeds with TLS 1.2");
}

BOOST_FIXTURE_TEST_CASE(graceful_stop_finishes_in_flight_requests, ServerFixture) {
  auto in_flight = std::async(std::launch::async, [this] { return client().get("/slow"); });
  // Wait until the slow request is being handled, then stop.
  for (int i = 0; i < 200 && server->current_connections() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  BOOST_REQUIRE(server->current_connections() > 0);
  const auto stop_started = std::chrono::steady_clock::now();
  server->stop(std::chrono::seconds(5));
  const auto result = in_flight.get();
  BOOST_TEST(result.status == 200, "the in-flight request was answered");
  BOOST_TEST(result.body == "{\"slow\":true}");
  BOOST_TEST((std::chrono::steady_clock::now() - stop_started < std::chrono::seconds(5)));
  BOOST_CHECK_THROW(client().get("/hello/x"), Poco::Exception);  // no longer accepting
}

BOOST_AUTO_TEST_SUITE_END()
