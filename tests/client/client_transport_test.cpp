// samverkan::client::Client against a scripted HTTPS server on loopback (Poco's HTTP server with a
// development certificate): the token fetched once, renewed before it expires and once after a
// 401; 429 and 503 retried after Retry-After or the backoff, with the same idempotency key and
// body each time; giving up after max_attempts; a broken connection retried only when the request
// is safe to repeat; an untrusted certificate not retried; every problem+json as its typed
// exception with the field errors and the request id; refused credentials; bad options.
#include <boost/test/unit_test.hpp>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/StreamCopier.h>

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "samverkan/client/client.hpp"
#include "samverkan/client/errors.hpp"
#include "samverkan/tls/context.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/temp_dir.hpp"

namespace sc = samverkan::client;
using namespace std::chrono_literals;

namespace {

// A request as the scripted server saw it.
struct Seen {
  std::string method, uri, body, authorization, idempotency_key, user_agent, content_type;
};

// What the script answers.
struct Answer {
  int status = 200;
  std::string body = "{}";
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

using Script = std::function<Answer(const Seen&, int n)>;  // n: the request's number for this path (1, 2, ...)

class ScriptedServer {
 public:
  explicit ScriptedServer(Script script) : script_(std::move(script)) {
    const auto files = samverkan::tls::ensure_dev_certificate(dir_.path());
    certificate_ = files.certificate;
    const auto context = samverkan::tls::make_server_context(
        {.certificate_file = files.certificate, .private_key_file = files.private_key});
    socket_ = std::make_unique<Poco::Net::SecureServerSocket>(context);
    socket_->bind(Poco::Net::SocketAddress("127.0.0.1:0"), true, false);
    socket_->listen(16);
    auto params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(false);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), *socket_, params);
    server_->start();
  }
  ~ScriptedServer() { server_->stopAll(true); }

  std::string url() const { return "https://127.0.0.1:" + std::to_string(socket_->address().port()); }
  const std::filesystem::path& certificate() const { return certificate_; }

  std::vector<Seen> seen(const std::string& uri_prefix = {}) const {
    std::lock_guard lock(mutex_);
    std::vector<Seen> out;
    for (const auto& s : seen_) {
      if (s.uri.rfind(uri_prefix, 0) == 0) out.push_back(s);
    }
    return out;
  }

  sc::Options options(std::vector<std::chrono::milliseconds>* sleeps = nullptr) const {
    sc::Options o;
    o.server = url();
    o.client_id = "klient-1";
    o.client_secret = "hemligt & långt=";
    o.ca_file = certificate_;
    o.timeout = 10s;
    o.initial_backoff = 100ms;
    o.max_backoff = 1000ms;
    o.max_attempts = 3;
    if (sleeps) o.sleep = [sleeps](std::chrono::milliseconds wait) { sleeps->push_back(wait); };
    return o;
  }

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(ScriptedServer& server) : server_(server) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
      Seen seen{request.getMethod(),
                request.getURI(),
                {},
                request.get("Authorization", ""),
                request.get("Idempotency-Key", ""),
                request.get("User-Agent", ""),
                request.getContentType()};
      Poco::StreamCopier::copyToString(request.stream(), seen.body);
      int n = 0;
      {
        std::lock_guard lock(server_.mutex_);
        server_.seen_.push_back(seen);
        const std::string path = seen.uri.substr(0, seen.uri.find('?'));
        for (const auto& s : server_.seen_) n += s.uri.substr(0, s.uri.find('?')) == path ? 1 : 0;
      }
      const Answer answer = server_.script_(seen, n);
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
      response.setContentType(answer.content_type);
      for (const auto& [name, value] : answer.headers) response.set(name, value);
      response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
      response.send() << answer.body;
    }

   private:
    ScriptedServer& server_;
  };
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(ScriptedServer& server) : server_(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
      return new Handler(server_);
    }

   private:
    ScriptedServer& server_;
  };

  samverkan::test::TempDir dir_;
  std::filesystem::path certificate_;
  Script script_;
  mutable std::mutex mutex_;
  std::vector<Seen> seen_;
  std::unique_ptr<Poco::Net::SecureServerSocket> socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

// The token endpoint's answer: tok-<n>, valid `lifetime` seconds.
Answer token(int n, int lifetime = 3600) {
  return {200,
          R"({"access_token":"tok-)" + std::to_string(n) + R"(","token_type":"Bearer","expires_in":)" +
              std::to_string(lifetime) + "}",
          "application/json",
          {}};
}

Answer problem(int status, const std::string& detail, const std::string& extra = {}) {
  return {status,
          R"({"type":"urn:samverkan:problem:x","title":"T","status":)" + std::to_string(status) + R"(,"detail":")" +
              detail + R"(","instance":"/p","requestId":"req-)" + std::to_string(status) + "\"" + extra + "}",
          "application/problem+json",
          {}};
}

bool is_token(const Seen& s) { return s.uri == "/oauth/token"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(client_transport_test)

BOOST_AUTO_TEST_CASE(a_token_is_fetched_once_and_sent_as_bearer) {
  ScriptedServer server([](const Seen& s, int n) {
    return is_token(s) ? token(n) : Answer{200, R"({"ok":true})", "application/json", {}};
  });
  auto options = server.options();
  options.scopes = {"mailbox:send", "errands:read"};
  sc::Client api(options);
  BOOST_TEST(api.get_json("/api/v1/a")->getValue<bool>("ok"));
  BOOST_TEST(api.get_json("/api/v1/b")->getValue<bool>("ok"));
  const auto tokens = server.seen("/oauth/token");
  BOOST_TEST_REQUIRE(tokens.size() == 1U);
  BOOST_TEST(tokens[0].method == "POST");
  BOOST_TEST(tokens[0].content_type == "application/x-www-form-urlencoded");
  BOOST_TEST(tokens[0].body ==
             "grant_type=client_credentials&client_id=klient-1&client_secret=hemligt%20%26%20l%C3%A5ngt%3D"
             "&scope=mailbox%3Asend%20errands%3Aread");
  for (const auto& s : server.seen("/api/")) {
    BOOST_TEST(s.authorization == "Bearer tok-1");
    BOOST_TEST(s.user_agent.rfind("samverkan-client/", 0) == 0U, s.user_agent);
  }
}

BOOST_AUTO_TEST_CASE(a_token_is_renewed_before_it_expires_and_once_after_a_401) {
  // Valid 2 s: renewed a second before (half its lifetime, less than the 30 s margin).
  ScriptedServer server([](const Seen& s, int n) {
    if (is_token(s)) return token(n, 2);
    return s.authorization == "Bearer tok-2" && s.uri == "/refused" ? problem(401, "expired") : Answer{};
  });
  sc::Client api(server.options());
  api.call(sc::Request::to("GET", "/one"));
  std::this_thread::sleep_for(1200ms);
  api.call(sc::Request::to("GET", "/two"));
  BOOST_TEST(server.seen("/oauth/token").size() == 2U);
  BOOST_TEST(server.seen("/two").at(0).authorization == "Bearer tok-2");
  // A 401 for a token thought valid: one new token, the request again; it succeeds with tok-3.
  api.call(sc::Request::to("GET", "/refused"));
  BOOST_TEST(server.seen("/oauth/token").size() == 3U);
  BOOST_TEST(server.seen("/refused").size() == 2U);
  BOOST_TEST(server.seen("/refused").at(1).authorization == "Bearer tok-3");
}

BOOST_AUTO_TEST_CASE(a_401_that_stays_is_thrown_after_one_new_token) {
  ScriptedServer server([](const Seen& s, int n) { return is_token(s) ? token(n) : problem(401, "no"); });
  sc::Client api(server.options());
  BOOST_CHECK_THROW(api.call(sc::Request::to("GET", "/x")), sc::Unauthenticated);
  BOOST_TEST(server.seen("/x").size() == 2U);
  BOOST_TEST(server.seen("/oauth/token").size() == 2U);
}

BOOST_AUTO_TEST_CASE(rate_limits_and_unavailability_are_retried_with_the_same_key_and_body) {
  ScriptedServer server([](const Seen& s, int n) {
    if (is_token(s)) return token(n);
    if (n == 1) {
      auto a = problem(429, "slow down");
      a.headers.emplace_back("Retry-After", "3");
      return a;
    }
    if (n == 2) return problem(503, "busy");
    return Answer{201, R"({"reference":"ET-1"})", "application/json", {}};
  });
  std::vector<std::chrono::milliseconds> sleeps;
  sc::Client api(server.options(&sleeps));
  Poco::JSON::Object body;
  body.set("requestId", "crm-1");
  const auto answer = api.send_json("POST", "/submit", body, "key-1");
  BOOST_TEST(answer->getValue<std::string>("reference") == "ET-1");
  const auto seen = server.seen("/submit");
  BOOST_TEST_REQUIRE(seen.size() == 3U);
  for (const auto& s : seen) {
    BOOST_TEST(s.idempotency_key == "key-1");
    BOOST_TEST(s.body == seen[0].body);
  }
  BOOST_TEST_REQUIRE(sleeps.size() == 2U);
  BOOST_TEST(sleeps[0].count() == 3000, "Retry-After: 3 is honoured");
  // The second retry's backoff: 200 ms (100 doubled), its second half random.
  BOOST_TEST(sleeps[1].count() >= 100);
  BOOST_TEST(sleeps[1].count() <= 200);
}

BOOST_AUTO_TEST_CASE(retries_end_after_max_attempts_or_a_retry_after_too_long) {
  ScriptedServer server([](const Seen& s, int n) {
    if (is_token(s)) return token(n);
    if (s.uri == "/later") {
      auto a = problem(429, "come back tomorrow");
      a.headers.emplace_back("Retry-After", "600");
      return a;
    }
    return problem(503, "down for maintenance");
  });
  std::vector<std::chrono::milliseconds> sleeps;
  sc::Client api(server.options(&sleeps));
  try {
    api.call(sc::Request::to("GET", "/down"));
    BOOST_FAIL("a 503 that stays is thrown");
  } catch (const sc::ServerError& e) {
    BOOST_TEST(e.status() == 503);
    BOOST_TEST(e.detail() == "down for maintenance");
    BOOST_TEST(e.request_id() == "req-503");
    BOOST_TEST(std::string(e.what()) == "down for maintenance (503, request req-503)");
  }
  BOOST_TEST(server.seen("/down").size() == 3U, "max_attempts is 3");
  BOOST_TEST(sleeps.size() == 2U);
  sleeps.clear();
  try {
    api.call(sc::Request::to("GET", "/later"));
    BOOST_FAIL("a Retry-After beyond max_retry_after is not waited for");
  } catch (const sc::RateLimited& e) {
    BOOST_TEST(e.retry_after().has_value());
    BOOST_TEST(e.retry_after()->count() == 600);
  }
  BOOST_TEST(server.seen("/later").size() == 1U);
  BOOST_TEST(sleeps.empty());
}

BOOST_AUTO_TEST_CASE(a_broken_connection_is_retried_only_when_safe) {
  std::string url;
  {
    ScriptedServer gone([](const Seen&, int n) { return token(n); });
    url = gone.url();
  }  // stopped: its port now refuses connections (no TLS handshake, so no CA file either)
  std::vector<std::chrono::milliseconds> sleeps;
  sc::Options options;
  options.server = url;
  options.client_id = "klient-1";
  options.client_secret = "s";
  options.max_attempts = 3;
  options.initial_backoff = 10ms;
  options.sleep = [&](std::chrono::milliseconds wait) { sleeps.push_back(wait); };
  sc::Client api(options);
  // Unauthenticated GET: tried 3 times.
  auto get = sc::Request::to("GET", "/health");
  get.authenticated = false;
  BOOST_CHECK_THROW(api.call(get), sc::ConnectionError);
  BOOST_TEST(sleeps.size() == 2U);
  // A POST without an idempotency key might have reached the server: not sent again.
  sleeps.clear();
  auto post = sc::Request::to("POST", "/api/v1/x");
  post.authenticated = false;
  post.body = "{}";
  try {
    api.call(post);
    BOOST_FAIL("no server");
  } catch (const sc::ConnectionError& e) {
    BOOST_TEST(e.transient());
    BOOST_TEST(std::string(e.what()).find("cannot reach 127.0.0.1") == 0U, e.what());
  }
  BOOST_TEST(sleeps.empty());
  // With a key it is.
  post.idempotency_key = sc::Client::new_idempotency_key();
  BOOST_CHECK_THROW(api.call(post), sc::ConnectionError);
  BOOST_TEST(sleeps.size() == 2U);
}

BOOST_AUTO_TEST_CASE(an_untrusted_certificate_is_refused_and_not_retried) {
  ScriptedServer server([](const Seen&, int n) { return token(n); });
  std::vector<std::chrono::milliseconds> sleeps;
  auto options = server.options(&sleeps);
  options.ca_file.reset();  // the system's CAs do not vouch for the development certificate
  sc::Client api(options);
  try {
    api.access_token();
    BOOST_FAIL("the certificate is not trusted");
  } catch (const sc::ConnectionError& e) {
    BOOST_TEST(!e.transient());
    BOOST_TEST(std::string(e.what()).find("over TLS") != std::string::npos, e.what());
  }
  BOOST_TEST(sleeps.empty());
  BOOST_TEST(server.seen().empty(), "nothing was sent over the untrusted connection");
}

BOOST_AUTO_TEST_CASE(problems_become_typed_exceptions) {
  ScriptedServer server([](const Seen& s, int n) {
    if (is_token(s)) return token(n);
    if (s.uri == "/400") {
      return problem(
          400, "2 answer(s) are not valid",
          R"(,"errors":[{"field":"address","code":"required","message":{"sv":"Ange adress","en":"Give the address"}},)"
          R"({"field":"photo","code":"type","message":"not an image"}])");
    }
    if (s.uri == "/bulk") {
      return problem(
          422, "1 letter refused",
          R"(,"errors":[{"index":3,"clientRequestId":"csv-4","status":400,"detail":"no such personnummer"}])");
    }
    if (s.uri == "/html") {
      Answer a{500, "<html>oops</html>", "text/html", {{"X-Request-Id", "abc123"}}};
      return a;
    }
    if (s.uri == "/notjson") return Answer{200, "not json", "application/json", {}};
    return problem(std::stoi(s.uri.substr(1)), "status " + s.uri.substr(1));
  });
  std::vector<std::chrono::milliseconds> sleeps;
  sc::Client api(server.options(&sleeps));
  try {
    api.call(sc::Request::to("GET", "/400"));
    BOOST_FAIL("400");
  } catch (const sc::InvalidRequest& e) {
    BOOST_TEST(e.status() == 400);
    BOOST_TEST(e.type() == "urn:samverkan:problem:x");
    BOOST_TEST(e.instance() == "/p");
    BOOST_TEST_REQUIRE(e.field_errors().size() == 2U);
    BOOST_TEST(e.field_errors()[0].field == "address");
    BOOST_TEST(e.field_errors()[0].code == "required");
    BOOST_TEST(e.field_errors()[0].message == "Give the address");
    BOOST_TEST(e.field_errors()[1].message == "not an image");
  }
  try {
    api.call(sc::Request::to("GET", "/bulk"));
    BOOST_FAIL("422");
  } catch (const sc::InvalidRequest& e) {
    BOOST_TEST_REQUIRE(e.field_errors().size() == 1U);
    BOOST_TEST(e.field_errors()[0].index.value_or(0) == 3U);
    BOOST_TEST(e.field_errors()[0].client_request_id.value_or("") == "csv-4");
    BOOST_TEST(e.field_errors()[0].status.value_or(0) == 400);
    BOOST_TEST(e.field_errors()[0].message == "no such personnummer");
  }
  BOOST_CHECK_THROW(api.call(sc::Request::to("GET", "/403")), sc::Forbidden);
  BOOST_CHECK_THROW(api.call(sc::Request::to("GET", "/404")), sc::NotFound);
  BOOST_CHECK_THROW(api.call(sc::Request::to("GET", "/409")), sc::Conflict);
  BOOST_CHECK_THROW(api.call(sc::Request::to("GET", "/413")), sc::TooLarge);
  BOOST_CHECK_THROW(api.call(sc::Request::to("GET", "/418")), sc::ApiError);
  try {
    api.call(sc::Request::to("GET", "/html"));
    BOOST_FAIL("500");
  } catch (const sc::ServerError& e) {
    BOOST_TEST(e.detail() == "the server answered 500 Internal Server Error");
    BOOST_TEST(e.request_id() == "abc123", "the X-Request-Id header when the body has none");
  }
  BOOST_TEST(server.seen("/html").size() == 1U, "a 500 is not retried");
  BOOST_TEST(sleeps.empty());
  BOOST_CHECK_THROW(api.get_json("/notjson"), sc::ProtocolError);
}

BOOST_AUTO_TEST_CASE(refused_credentials_say_why) {
  ScriptedServer server([](const Seen&, int) {
    return Answer{401,
                  R"({"error":"invalid_client","error_description":"unknown client or wrong secret"})",
                  "application/json",
                  {}};
  });
  sc::Client api(server.options());
  try {
    api.call(sc::Request::to("GET", "/x"));
    BOOST_FAIL("refused");
  } catch (const sc::CredentialsRefused& e) {
    BOOST_TEST(e.status() == 401);
    BOOST_TEST(e.type() == "urn:ietf:params:oauth:error:invalid_client");
    BOOST_TEST(e.detail() == "the server refused the client credentials of klient-1: unknown client or wrong secret");
  }
  BOOST_TEST(server.seen("/x").empty(), "nothing is sent without a token");
}

BOOST_AUTO_TEST_CASE(bad_options_are_refused_before_anything_is_sent) {
  sc::Options o;
  o.client_id = "c";
  o.client_secret = "s";
  for (const char* server : {"http://localhost:8443", "https://", "https://host/api", "not a url"}) {
    o.server = server;
    BOOST_CHECK_THROW(sc::Client{o}, sc::UsageError);
  }
  o.server = "https://localhost:8443";
  o.client_secret.clear();
  BOOST_CHECK_THROW(sc::Client{o}, sc::UsageError);
  o.client_secret = "s";
  o.max_attempts = 0;
  BOOST_CHECK_THROW(sc::Client{o}, sc::UsageError);
  o.max_attempts = 1;
  o.ca_file = "/nonexistent/ca.pem";
  BOOST_CHECK_THROW(sc::Client{o}, sc::ConnectionError);
  o.ca_file.reset();
  sc::Client api(o);
  BOOST_CHECK_THROW(api.call(sc::Request::to("GET", "no-slash")), sc::UsageError);
  // Keys are random UUIDs.
  const auto a = sc::Client::new_idempotency_key(), b = sc::Client::new_idempotency_key();
  BOOST_TEST(a != b);
  BOOST_TEST(a.size() == 36U);
  BOOST_TEST(a[14] == '4');
}

BOOST_AUTO_TEST_SUITE_END()
