#pragma once
/// Rate limiting for endpoints that check secrets (token, login): a token bucket per key,
/// normally the client's IP address. It slows down guessing from one address; the per-account
/// lockout in auth::StaffDirectory covers guessing spread over many addresses.
///
///   http::RateLimiter limiter({.per_second = 1.0, .burst = 10}, clock);
///   router.add("POST", "/oauth/token", http::rate_limited(limiter, token_handler));
///
/// A refused request gets 429 application/problem+json with Retry-After (RFC 6585, RFC 9110).
/// Thread-safe. Memory is bounded: at most `max_keys` buckets, idle buckets (which would be
/// full again) are dropped first.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "samverkan/core/clock.hpp"
#include "samverkan/http/router.hpp"

namespace samverkan::http {

struct RateLimit {
  double per_second = 1.0;  ///< sustained rate per key
  double burst = 10.0;      ///< requests allowed at once after a quiet period (≥ 1)
};

class RateLimiter {
 public:
  RateLimiter(RateLimit limit, const Clock& clock, std::size_t max_keys = 100'000);

  /// Takes one request's worth for `key`. nullopt: allowed; otherwise how long to wait
  /// (whole seconds, at least 1) before the next request is allowed.
  std::optional<std::chrono::seconds> acquire(std::string_view key);

  const RateLimit& limit() const noexcept { return limit_; }
  /// How many keys have a bucket now (never more than max_keys).
  std::size_t tracked_keys();

 private:
  struct Bucket {
    double tokens;
    Clock::TimePoint updated;
  };
  void evict(Clock::TimePoint now);

  RateLimit limit_;
  const Clock& clock_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

/// Wraps `handler`: requests beyond the limit of their remote address are answered with 429
/// problem+json and Retry-After, without calling the handler. The limiter must outlive it.
Handler rate_limited(RateLimiter& limiter, Handler handler);

}  // namespace samverkan::http
