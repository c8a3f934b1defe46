#include "samverkan/http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "samverkan/core/error.hpp"
#include "samverkan/http/problem.hpp"

namespace samverkan::http {

RateLimiter::RateLimiter(RateLimit limit, const Clock& clock, std::size_t max_keys)
    : limit_(limit), clock_(clock), max_keys_(std::max<std::size_t>(max_keys, 1)) {
  if (!(limit_.per_second > 0.0) || !(limit_.burst >= 1.0)) {
    throw InvalidInput("a rate limit needs a positive rate and a burst of at least 1");
  }
}

std::optional<std::chrono::seconds> RateLimiter::acquire(std::string_view key) {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  auto found = buckets_.find(std::string(key));
  if (found == buckets_.end()) {
    if (buckets_.size() >= max_keys_) evict(now);
    found = buckets_.emplace(std::string(key), Bucket{limit_.burst, now}).first;
  }
  Bucket& bucket = found->second;
  const double elapsed = std::max(0.0, std::chrono::duration<double>(now - bucket.updated).count());
  bucket.tokens = std::min(limit_.burst, bucket.tokens + elapsed * limit_.per_second);
  bucket.updated = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait = (1.0 - bucket.tokens) / limit_.per_second;
  return std::chrono::seconds(std::max<long long>(1, static_cast<long long>(std::ceil(wait))));
}

std::size_t RateLimiter::tracked_keys() {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void RateLimiter::evict(Clock::TimePoint now) {
  // A bucket idle for long enough to be full again holds no information: drop those first.
  const auto refill = std::chrono::duration<double>(limit_.burst / limit_.per_second);
  std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.updated >= refill; });
  if (buckets_.size() < max_keys_) return;
  // Still full (a flood from many addresses): drop the least recently used half.
  std::vector<std::pair<Clock::TimePoint, std::string>> by_age;
  by_age.reserve(buckets_.size());
  for (const auto& [key, bucket] : buckets_) by_age.emplace_back(bucket.updated, key);
  const auto half = by_age.begin() + static_cast<std::ptrdiff_t>(by_age.size() / 2);
  std::nth_element(by_age.begin(), half, by_age.end());
  for (auto it = by_age.begin(); it != half; ++it) buckets_.erase(it->second);
}

Handler rate_limited(RateLimiter& limiter, Handler handler) {
  return [&limiter, handler = std::move(handler)](Request& request) {
    if (const auto wait = limiter.acquire(request.remote_address)) {
      Response response =
          problem_response(429, "rate-limited", "Too many requests",
                           "too many requests from this address; try again in " + std::to_string(wait->count()) + " s",
                           request.path, request.request_id);
      response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
      return response;
    }
    return handler(request);
  };
}

}  // namespace samverkan::http
