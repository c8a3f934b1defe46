// GET /metrics on the whole platform over HTTPS (SQLite, free port): off without a token file
// (404); 401 without the bearer token or with another; with it, the text format read strictly:
// the build, this process's requests by route pattern (never a raw path) with a cumulative
// latency histogram, the durable jobs, letters, the database pool and the process. The token
// file must be owner-only and long enough.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "samverkan/core/error.hpp"
#include "samverkan/server/metrics.hpp"
#include "samverkan/server/version.hpp"
#include "services/server/platform_fixture.hpp"
#include "support/metrics_format.hpp"

using namespace samverkan;

namespace {

const std::string kToken = "0123456789abcdef0123456789abcdef-scrape";

struct WithToken {
  test::TempDir dir;
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  std::unique_ptr<server::Platform> platform;

  WithToken() {
    server::PlatformOptions options;
    options.config_file = test::runnable_example(dir);
    options.data_dir = dir / "data";
    options.listen = "127.0.0.1:0";
    options.metrics_token_file = dir.write_secret("metrics-token", kToken + "\n");
    platform = server::Platform::start(options, logger);
  }

  test::HttpResult get(const std::string& path, const std::string& token = {}) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return test::HttpsClient(platform->certificate_file(), platform->port()).request("GET", path, {}, "", headers);
  }
};

double number(const std::map<std::string, std::string>& samples, const std::string& key) {
  const auto found = samples.find(key);
  BOOST_TEST_REQUIRE((found != samples.end()), "no sample " << key);
  return std::stod(found->second);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics_test)

BOOST_FIXTURE_TEST_CASE(off_without_a_token_file, test::PlatformFixture) {
  const auto answer = client().request("GET", "/metrics", {}, "", {{"Authorization", "Bearer " + kToken}});
  BOOST_TEST(answer.status == 404);
  BOOST_TEST(answer.content_type == "application/problem+json");
  BOOST_TEST(answer.body.find("--metrics-token-file") != std::string::npos, answer.body);
}

BOOST_FIXTURE_TEST_CASE(the_token_is_needed, WithToken) {
  for (const std::string& token : {std::string(), std::string("wrong"), kToken + "x", kToken.substr(1)}) {
    const auto answer = get("/metrics", token);
    BOOST_TEST(answer.status == 401, token);
    BOOST_TEST(answer.headers.count("www-authenticate") == 1U);
    BOOST_TEST(answer.body.find("samverkan_") == std::string::npos);
  }
}

BOOST_FIXTURE_TEST_CASE(the_figures_in_the_text_format, WithToken) {
  BOOST_TEST(get("/health").status == 200);
  BOOST_TEST(get("/health").status == 200);
  get("/e/0686/kvitto/ET-2026-000123");  // a page whose path holds an id (not this visitor's: 404)
  const auto answer = get("/metrics", kToken);
  BOOST_TEST_REQUIRE(answer.status == 200, answer.body);
  BOOST_TEST(answer.content_type == "text/plain; version=0.0.4; charset=utf-8");
  BOOST_TEST(answer.headers.at("cache-control") == "no-store");
  const auto samples = test::parse_metrics(answer.body);

  BOOST_TEST(samples.count(R"(samverkan_build_info{version=")" + std::string(server::version()) + R"("})") == 1U);
  const std::string health = R"({method="GET",route="/health",code="200"})";
  BOOST_TEST(number(samples, "samverkan_http_requests_total" + health) == 2.0);
  // The histogram: cumulative buckets, +Inf equal to the count, a sum.
  const std::string labels = R"(method="GET",route="/health")";
  double previous = 0;
  for (const char* le : {"0.001", "0.01", "0.1", "1", "10", "+Inf"}) {
    const double bucket =
        number(samples, "samverkan_http_request_duration_seconds_bucket{" + labels + ",le=\"" + le + "\"}");
    BOOST_TEST(bucket >= previous, le);
    previous = bucket;
  }
  BOOST_TEST(previous == 2.0);
  BOOST_TEST(number(samples, "samverkan_http_request_duration_seconds_count{" + labels + "}") == 2.0);
  BOOST_TEST(number(samples, "samverkan_http_request_duration_seconds_sum{" + labels + "}") > 0.0);
  // Route patterns, never paths: the receipt's reference is not in the figures.
  BOOST_TEST(answer.body.find("ET-2026-000123") == std::string::npos);
  BOOST_TEST(answer.body.find(R"(route="/e/{kommunkod}/kvitto/{reference}")") != std::string::npos);

  // The platform's housekeeping job waits for its time; its age is a number of seconds.
  BOOST_TEST(number(samples, R"(samverkan_jobs{queue="housekeeping",state="queued"})") >= 1.0);
  BOOST_TEST(number(samples, R"(samverkan_job_oldest_queued_age_seconds{queue="housekeeping"})") >= 0.0);
  // The pool: this scrape holds no session while it writes the pool's line.
  BOOST_TEST(number(samples, R"(samverkan_db_pool_connections{state="in_use"})") +
                 number(samples, R"(samverkan_db_pool_connections{state="idle"})") ==
             8.0);
  BOOST_TEST(number(samples, "samverkan_db_pool_acquisitions_total") >= 1.0);
  BOOST_TEST(number(samples, "samverkan_db_pool_timeouts_total") == 0.0);
  BOOST_TEST(number(samples, "process_resident_memory_bytes") > 1e6);
  BOOST_TEST(number(samples, "process_cpu_seconds_total") > 0.0);
  BOOST_TEST(samples.count("process_start_time_seconds") == 1U);

  // The scrape itself is counted by the next one.
  const auto again = test::parse_metrics(get("/metrics", kToken).body);
  BOOST_TEST(number(again, R"(samverkan_http_requests_total{method="GET",route="/metrics",code="200"})") == 1.0);
}

BOOST_AUTO_TEST_CASE(the_token_file_is_owner_only_and_long_enough) {
  test::TempDir dir;
  BOOST_TEST(server::read_metrics_token(dir.write_secret("ok", kToken + "\r\n")) == kToken);
  BOOST_CHECK_THROW(server::read_metrics_token(dir.write_secret("short", "too-short\n")), InvalidInput);
  BOOST_CHECK_THROW(server::read_metrics_token(dir.write_secret("empty", "")), InvalidInput);
  BOOST_CHECK_THROW(server::read_metrics_token(dir.write("open", kToken + "\n")), InvalidInput);
  BOOST_CHECK_THROW(server::read_metrics_token(dir / "missing"), InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
