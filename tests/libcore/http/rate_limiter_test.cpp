#include "samverkan/http/rate_limiter.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace std::chrono_literals;

namespace {

struct Fixture {
  ManualClock clock{Clock::TimePoint{} + 1000h};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(rate_limiter_test)

BOOST_FIXTURE_TEST_CASE(a_burst_is_allowed_then_requests_wait_for_the_rate, Fixture) {
  http::RateLimiter limiter({.per_second = 0.5, .burst = 3}, clock);
  for (int i = 0; i < 3; ++i) BOOST_TEST(!limiter.acquire("192.0.2.1").has_value(), "request " << i);
  const auto wait = limiter.acquire("192.0.2.1");
  BOOST_REQUIRE(wait.has_value());
  BOOST_TEST(wait->count() == 2, "one token takes 2 s at 0.5/s");

  clock.advance(1s);
  BOOST_TEST(limiter.acquire("192.0.2.1").value_or(0s).count() == 1, "half a token after 1 s");
  clock.advance(1s);
  BOOST_TEST(!limiter.acquire("192.0.2.1").has_value(), "a whole token after 2 s");
  BOOST_TEST(limiter.acquire("192.0.2.1").has_value());

  // A long pause refills up to the burst, not beyond it.
  clock.advance(1h);
  for (int i = 0; i < 3; ++i) BOOST_TEST(!limiter.acquire("192.0.2.1").has_value());
  BOOST_TEST(limiter.acquire("192.0.2.1").has_value());
}

BOOST_FIXTURE_TEST_CASE(addresses_are_limited_independently, Fixture) {
  http::RateLimiter limiter({.per_second = 0.1, .burst = 1}, clock);
  BOOST_TEST(!limiter.acquire("192.0.2.1").has_value());
  BOOST_TEST(limiter.acquire("192.0.2.1").has_value());
  BOOST_TEST(!limiter.acquire("192.0.2.2").has_value(), "another address has its own bucket");
  BOOST_TEST(limiter.acquire("192.0.2.1").value_or(0s).count() == 10);
}

BOOST_FIXTURE_TEST_CASE(memory_is_bounded_without_forgetting_recent_abusers, Fixture) {
  http::RateLimiter limiter({.per_second = 0.01, .burst = 1}, clock, 100);
  BOOST_TEST(!limiter.acquire("abuser").has_value());
  BOOST_TEST(limiter.acquire("abuser").has_value());
  // A flood of new addresses, later in time than the abuser's last request: the oldest half
  // goes, which may include the abuser, but never more than max_keys are kept.
  for (int i = 0; i < 1000; ++i) {
    clock.advance(1ms);
    limiter.acquire("10.0.0." + std::to_string(i));
    BOOST_TEST_REQUIRE(limiter.tracked_keys() <= 100U);
  }
  BOOST_TEST(limiter.tracked_keys() >= 50U, "only the older half is dropped at a time");
  // Idle buckets that would be full again are dropped first: after the refill time everyone
  // is allowed again, and the map has room.
  clock.advance(200s);
  BOOST_TEST(!limiter.acquire("abuser").has_value());
  BOOST_TEST(!limiter.acquire("newcomer").has_value());
}

BOOST_FIXTURE_TEST_CASE(a_nonsensical_limit_is_refused, Fixture) {
  BOOST_CHECK_THROW(http::RateLimiter({.per_second = 0.0, .burst = 5}, clock), InvalidInput);
  BOOST_CHECK_THROW(http::RateLimiter({.per_second = 1.0, .burst = 0.5}, clock), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(the_wrapper_answers_429_problem_json_with_retry_after, Fixture) {
  http::RateLimiter limiter({.per_second = 0.25, .burst = 1}, clock);
  int calls = 0;
  auto handler = http::rate_limited(limiter, [&](http::Request&) {
    ++calls;
    return http::Response::json(200, "{}");
  });
  http::Request request;
  request.method = "POST";
  request.path = "/oauth/token";
  request.remote_address = "192.0.2.9";
  request.request_id = "req-1";
  BOOST_TEST(handler(request).status == 200);
  const auto refused = handler(request);
  BOOST_TEST(calls == 1, "the handler is not called beyond the limit");
  BOOST_TEST(refused.status == 429);
  BOOST_TEST(refused.content_type == "application/problem+json");
  BOOST_TEST(refused.body.find("\"type\":\"urn:samverkan:problem:rate-limited\"") != std::string::npos, refused.body);
  BOOST_TEST(refused.body.find("try again in 4 s") != std::string::npos, refused.body);
  bool retry_after = false;
  for (const auto& [name, value] : refused.headers)
    retry_after = retry_after || (name == "Retry-After" && value == "4");
  BOOST_TEST(retry_after);
}

BOOST_AUTO_TEST_SUITE_END()
