#pragma once
/// The requests a server answered, for /metrics: a count per method, route pattern and status
/// code, and a latency histogram per method and route pattern. The server records each request
/// (ServerOptions::metrics); the metrics page writes them out.
///
///   http::RequestMetrics metrics;
///   options.metrics = &metrics;                 // http::Server records every request
///   metrics.write(text);                        // samverkan_http_requests_total, ..._duration_seconds
///
/// Routes are the router's patterns ("/e/{kommunkod}/kvitto/{reference}"), never raw paths,
/// which may hold identifiers of persons. Per process: each node is scraped on its own.
/// Thread-safe; a request costs one map lookup under a mutex.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "samverkan/http/metrics_text.hpp"

namespace samverkan::http {

class RequestMetrics {
 public:
  /// The histogram's upper bounds in seconds (and +Inf).
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

  void record(std::string_view method, std::string_view route, int status, std::chrono::nanoseconds took);

  /// Appends the families samverkan_http_requests_total (counter: method, route, code) and
  /// samverkan_http_request_duration_seconds (histogram: method, route).
  void write(MetricsText& out) const;

 private:
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  ///< not cumulative; write() sums them
    std::uint64_t count = 0;
    double sum = 0;
  };
  /// A request's row: method, route, status (0 in the latency table); looked up by views,
  /// stored with its own strings.
  struct Key {
    std::string method;
    std::string route;
    int status = 0;
  };
  struct KeyView {
    std::string_view method;
    std::string_view route;
    int status = 0;
  };
  struct Less {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const noexcept {
      return view(a) < view(b);
    }
    template <typename K>
    static std::tuple<std::string_view, std::string_view, int> view(const K& key) noexcept {
      return {key.method, key.route, key.status};
    }
  };
  mutable std::mutex mutex_;
  std::map<Key, std::uint64_t, Less> counts_;
  std::map<Key, Latency, Less> latencies_;
};

}  // namespace samverkan::http
