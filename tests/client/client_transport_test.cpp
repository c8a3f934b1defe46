// samverkan::client::Client against a scripted HTTPS server on loopback (Poco's HTTP server with a
// development certificate): the token fetched once, renewed before it expires and once after a
// 401; 429 and 503 retried after Retry-After or the backoff, with the same idempotency key and
// body each time; giving up after max_attempts; a broken connection retried only when the request
// is safe to repeat; an untrusted certificate not retried; every problem+json as its typed
// exception with the field errors and the request id; refused credentials; bad options.
#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <vector>

#include "client/scripted_server.hpp"
#include "samverkan/client/client.hpp"
#include "samverkan/client/errors.hpp"

namespace sc = samverkan::client;
using namespace samverkan::client_test;
using namespace std::chrono_literals;

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
