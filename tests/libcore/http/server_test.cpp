#include <boost/test/unit_test.hpp>

#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <openssl/ssl.h>

#include <future>
#include <sstream>
#include <thread>

#include "samverkan/core/error.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/https_client.hpp"
#include "support/log_capture.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

// A server on a free port with a few routes that exercise the error paths.
struct ServerFixture {
  test::TempDir dir;
  tls::CertificateFiles cert = tls::ensure_dev_certificate(dir / "tls");
  test::LogCapture log_stream;  // written by the server's threads
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

// What every answer carries, whoever produced it: the security headers and a request id.
void check_security_headers(const test::HttpResult& r) {
  BOOST_TEST(r.headers.count("strict-transport-security") == 1u);
  BOOST_TEST(r.headers.count("x-content-type-options") == 1u);
  BOOST_TEST(r.headers.count("content-security-policy") == 1u);
  BOOST_TEST(r.headers.count("referrer-policy") == 1u);
  BOOST_TEST(r.headers.count("x-frame-options") == 1u);
  BOOST_TEST(r.headers.count("cache-control") == 1u);
  BOOST_TEST(r.headers.count("x-request-id") == 1u);
}

// A raw request the server must refuse with a problem+json 400 and close.
void check_refused(test::HttpsClient client, const std::string& bytes, const std::string& detail) {
  const auto r = client.raw(bytes);
  BOOST_REQUIRE_MESSAGE(r.answered, "the server answered");
  BOOST_TEST(r.status_line == "HTTP/1.1 400 Bad Request");
  check_problem(r.response, 400, "invalid-input");
  check_security_headers(r.response);
  BOOST_TEST(Poco::icompare(r.response.headers.at("connection"), "close") == 0);
  const std::string said = test::json_member(r.response.body, "detail");
  BOOST_TEST(said.find(detail) != std::string::npos, said);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server_test)

BOOST_FIXTURE_TEST_CASE(requests_poco_cannot_parse_get_a_problem_with_the_security_headers, ServerFixture) {
  const std::string host = "Host: localhost\r\n";
  // A header value over 8 KiB.
  check_refused(client(), "GET /hello/x HTTP/1.1\r\n" + host + "X-Big: " + std::string(9000, 'a') + "\r\n\r\n",
                "Field value too long");
  // 1,000 headers (Poco reads at most 100).
  std::string many = "GET /hello/x HTTP/1.1\r\n" + host;
  for (int i = 0; i < 1000; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  check_refused(client(), many + "\r\n", "Too many header fields");
  // Bad request lines.
  check_refused(client(), "GET /hello/x HTTP/1.1-and-then-some\r\n" + host + "\r\n", "Invalid HTTP version");
  check_refused(client(), std::string(100, 'G') + " /hello/x HTTP/1.1\r\n" + host + "\r\n", "method invalid");
  check_refused(client(), "GET /" + std::string(17000, 'a') + " HTTP/1.1\r\n" + host + "\r\n",
                "URI invalid or too long");
  // A header name over 256 characters.
  check_refused(client(), "GET /hello/x HTTP/1.1\r\n" + host + std::string(300, 'X') + ": v\r\n\r\n",
                "Field name too long");
  BOOST_TEST(client().get("/hello/x").status == 200, "the server serves on");
  BOOST_TEST(log_stream.wait_for("\"path\":\"(unparsed)\",\"status\":400"), "each refusal is logged");
}

BOOST_FIXTURE_TEST_CASE(a_body_length_that_is_not_one_number_is_refused, ServerFixture) {
  const std::string head = "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
  check_refused(client(), head + "Content-Length: 99999999999999999999\r\n\r\n{}", "99999999999999999999");
  check_refused(client(), head + "Content-Length: -5\r\n\r\n{}", "Content-Length is negative");
  check_refused(client(), head + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", "more than one Content-Length");
  check_refused(client(), head + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                "not both");
  check_refused(client(), head + "Transfer-Encoding: gzip\r\n\r\n{}", "Transfer-Encoding other than chunked");
  // The well-formed forms are served.
  const auto ok = client().raw(head + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
  BOOST_TEST(ok.status_line == "HTTP/1.1 200 OK");
  BOOST_TEST(ok.response.body == "{}");
  const auto chunked =
      client().raw(head + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  BOOST_TEST(chunked.status_line == "HTTP/1.1 200 OK");
}

BOOST_FIXTURE_TEST_CASE(a_body_shorter_than_its_length_is_not_acted_on, ServerFixture) {
  // The client promises 10 bytes, sends 2 and closes its side: the handler never sees "{}".
  Poco::Net::SecureStreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server->port()), "localhost",
                                       client().context());
  const std::string request =
      "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}";
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  socket.shutdownSend();
  std::string received;
  char buffer[4096];
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  try {
    for (int n = socket.receiveBytes(buffer, sizeof buffer); n > 0; n = socket.receiveBytes(buffer, sizeof buffer)) {
      received.append(buffer, static_cast<std::size_t>(n));
    }
  } catch (const Poco::Exception&) {
    // closed
  }
  BOOST_TEST(received.find("HTTP/1.1 200") == std::string::npos, received);
}

BOOST_FIXTURE_TEST_CASE(query_parameters_that_are_not_utf8_are_refused, ServerFixture) {
  for (const std::string query : {"?q=%FF", "?q=%C3%28", "?%ED%A0%80=x", "?q=%F4%90%80%80"}) {
    BOOST_TEST_CONTEXT(query) {
      const auto r = client().get("/hello/x" + query);
      check_problem(r, 400, "invalid-input");
      check_security_headers(r);
      BOOST_TEST(test::json_member(r.body, "detail").find("not valid UTF-8") != std::string::npos);
    }
  }
  BOOST_TEST(client().get("/hello/%C3%A5sa?q=%C3%A5").status == 200, "UTF-8 (å) is fine");
  check_problem(client().get("/hello/%FF"), 400, "invalid-input");
}

BOOST_FIXTURE_TEST_CASE(status_lines_carry_their_reason_phrase, ServerFixture) {
  const auto missing = client().raw("GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  BOOST_TEST(missing.status_line == "HTTP/1.1 404 Not Found");
  check_security_headers(missing.response);
  const auto wrong = client().raw("DELETE /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  BOOST_TEST(wrong.status_line == "HTTP/1.1 405 Method Not Allowed");
  const auto found = client().raw("GET /hello/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  BOOST_TEST(found.status_line == "HTTP/1.1 200 OK");
  const auto crash = client().raw("GET /crash HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  BOOST_TEST(crash.status_line == "HTTP/1.1 500 Internal Server Error");
}

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
  BOOST_TEST(log_stream.wait_for("secret detail"));
}

BOOST_FIXTURE_TEST_CASE(body_size_limit, ServerFixture) {
  BOOST_TEST(client().request("POST", "/echo", std::string(1024, 'a')).status == 200);
  const auto r = client().request("POST", "/echo", std::string(1025, 'a'));
  check_problem(r, 413, "too-large");
}

BOOST_FIXTURE_TEST_CASE(request_ids_are_kept_only_when_well_formed, ServerFixture) {
  auto c = client();
  BOOST_TEST(c.request("GET", "/hello/x", {}, {}, {{"X-Request-Id", "abc-123"}}).headers.at("x-request-id") ==
             "abc-123");
  const auto bad = c.request("GET", "/hello/x", {}, {}, {{"X-Request-Id", "evil\"value"}});
  BOOST_TEST(bad.headers.at("x-request-id") != "evil\"value");
}

BOOST_FIXTURE_TEST_CASE(one_json_log_line_per_request_without_personal_data, ServerFixture) {
  client().get("/hello/191212121212");
  // The line is written once the response has gone out.
  BOOST_TEST(log_stream.wait_for("\"msg\":\"request\""));
  const std::string logged = log_stream.text();
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
