#include "samverkan/http/request_metrics.hpp"

#include <algorithm>
#include <charconv>

namespace samverkan::http {

void RequestMetrics::record(std::string_view method, std::string_view route, int status,
                            std::chrono::nanoseconds took) {
  const double seconds = std::chrono::duration<double>(took).count();
  const auto bucket = static_cast<std::size_t>(std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) -
                                               kBuckets.begin());  // kBuckets.size(): +Inf only
  const std::lock_guard lock(mutex_);
  auto count = counts_.find(KeyView{method, route, status});
  if (count == counts_.end()) count = counts_.emplace(Key{std::string(method), std::string(route), status}, 0).first;
  ++count->second;
  auto latency = latencies_.find(KeyView{method, route, 0});
  if (latency == latencies_.end()) {
    latency = latencies_.emplace(Key{std::string(method), std::string(route), 0}, Latency{}).first;
  }
  if (bucket < kBuckets.size()) ++latency->second.buckets[bucket];
  ++latency->second.count;
  latency->second.sum += seconds;
}

void RequestMetrics::write(MetricsText& out) const {
  const std::lock_guard lock(mutex_);
  out.family("samverkan_http_requests_total", "Requests answered, by method, route pattern and status code",
             MetricsText::Type::kCounter);
  for (const auto& [key, count] : counts_) {
    const std::string code = std::to_string(key.status);
    out.sample({{"method", key.method}, {"route", key.route}, {"code", code}}, static_cast<double>(count));
  }
  out.family("samverkan_http_request_duration_seconds",
             "Time from the request read to the response ready to send, by method and route pattern",
             MetricsText::Type::kHistogram);
  for (const auto& [key, latency] : latencies_) {
    const std::string_view method = key.method;
    const std::string_view route = key.route;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += latency.buckets[i];
      char bound[32];
      const auto end = std::to_chars(bound, bound + sizeof bound, kBuckets[i]).ptr;
      out.sample("_bucket", {{"method", method}, {"route", route}, {"le", std::string_view(bound, end - bound)}},
                 static_cast<double>(cumulative));
    }
    out.sample("_bucket", {{"method", method}, {"route", route}, {"le", "+Inf"}}, static_cast<double>(latency.count));
    out.sample("_sum", {{"method", method}, {"route", route}}, latency.sum);
    out.sample("_count", {{"method", method}, {"route", route}}, static_cast<double>(latency.count));
  }
}

}  // namespace samverkan::http
