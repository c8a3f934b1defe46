#include "samverkan/server/metrics.hpp"

#include <openssl/crypto.h>
#include <soci/soci.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <utility>

#include "samverkan/core/error.hpp"
#include "samverkan/core/private_files.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/http/metrics_text.hpp"
#include "samverkan/server/version.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/row.hpp"

namespace samverkan::server {
namespace {

constexpr std::size_t kMinimumTokenLength = 32;

using Type = http::MetricsText::Type;

double seconds_of(std::chrono::nanoseconds duration) { return std::chrono::duration<double>(duration).count(); }

// Whether the request carries the bearer token: the digests compared in constant time.
bool authorised(const http::Request& request, const std::string& token_digest) {
  const auto header = request.header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (!header || !header->starts_with(kBearer)) return false;
  const std::string presented = crypto::sha256_hex(std::string_view(*header).substr(kBearer.size()));
  return presented.size() == token_digest.size() &&
         CRYPTO_memcmp(presented.data(), token_digest.data(), presented.size()) == 0;
}

void write_jobs(http::MetricsText& out, soci::session& session, Clock::TimePoint now) {
  out.family("samverkan_jobs", "Durable jobs by queue and state (done jobs until the housekeeping purges them)",
             Type::kGauge);
  std::map<std::string, Clock::TimePoint> oldest;
  for (const auto& row : soci::rowset<soci::row>(
           session.prepare << "SELECT queue, state, COUNT(*), MIN(created_at) FROM job GROUP BY queue, state "
                              "ORDER BY queue, state")) {
    const std::string queue = storage::row_text(row, 0);
    const std::string state = storage::row_text(row, 1);
    out.sample({{"queue", queue}, {"state", state}}, static_cast<double>(storage::row_int<long long>(row, 2)));
    if (state == "queued") oldest[queue] = storage::row_time(row, 3);
  }
  out.family("samverkan_job_oldest_queued_age_seconds", "How long the oldest job still queued has waited, per queue",
             Type::kGauge);
  for (const auto& [queue, created] : oldest) {
    out.sample({{"queue", queue}}, std::max(0.0, seconds_of(now - created)));
  }
}

void write_letters(http::MetricsText& out, soci::session& session) {
  out.family("samverkan_letters", "Digital mail by member and outcome (queued, delivered, paper, failed)",
             Type::kGauge);
  for (const auto& row : soci::rowset<soci::row>(
           session.prepare << "SELECT municipality, status, COUNT(*) FROM mailbox_message GROUP BY municipality, "
                              "status ORDER BY municipality, status")) {
    out.sample({{"municipality", storage::row_text(row, 0)}, {"status", storage::row_text(row, 1)}},
               static_cast<double>(storage::row_int<long long>(row, 2)));
  }
}

void write_pool(http::MetricsText& out, const storage::Database::PoolUse& use) {
  out.family("samverkan_db_pool_connections", "Database sessions of this process's pool, in use and idle",
             Type::kGauge);
  out.sample({{"state", "in_use"}}, static_cast<double>(use.in_use));
  out.sample({{"state", "idle"}}, static_cast<double>(use.size > use.in_use ? use.size - use.in_use : 0));
  out.family("samverkan_db_pool_acquisitions_total", "Sessions leased from the pool", Type::kCounter);
  out.sample({}, static_cast<double>(use.acquisitions));
  out.family("samverkan_db_pool_timeouts_total", "Leases that found no free session in time (503)", Type::kCounter);
  out.sample({}, static_cast<double>(use.timeouts));
  out.family("samverkan_db_pool_wait_seconds_total", "Time spent waiting for a free session, added up", Type::kCounter);
  out.sample({}, seconds_of(use.waited));
}

void write_process(http::MetricsText& out, Clock::TimePoint started) {
  long pages = 0;
  long resident = 0;
  std::ifstream statm("/proc/self/statm");
  if (statm >> pages >> resident) {
    out.family("process_resident_memory_bytes", "Resident memory size in bytes", Type::kGauge);
    out.sample({}, static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)));
  }
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) == 0) {
    const auto seconds = [](const timeval& t) {
      return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    out.family("process_cpu_seconds_total", "User and system CPU time spent in seconds", Type::kCounter);
    out.sample({}, seconds(usage.ru_utime) + seconds(usage.ru_stime));
  }
  out.family("process_start_time_seconds", "When the platform started, in seconds since the Unix epoch", Type::kGauge);
  out.sample({}, seconds_of(started.time_since_epoch()));
}

}  // namespace

std::string read_metrics_token(const std::filesystem::path& file) {
  core::require_private_file(file, "the metrics token file");
  std::ifstream in(file);
  std::string token;
  if (!in || !std::getline(in, token)) throw InvalidInput("cannot read the metrics token file " + file.string());
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.size() < kMinimumTokenLength) {
    throw InvalidInput("the metrics token in " + file.string() + " is shorter than " +
                       std::to_string(kMinimumTokenLength) + " characters; make one with `openssl rand -hex 32`");
  }
  return token;
}

void add_metrics_route(http::Router& router, storage::Database& db, const http::RequestMetrics& requests,
                       const std::string& token, const Clock& clock) {
  const std::string digest = token.empty() ? std::string() : crypto::sha256_hex(token);
  router.add(
      "GET", "/metrics",
      [&db, &requests, &clock, digest, started = clock.now()](http::Request& request) {
        if (digest.empty()) throw NotFound("metrics are not enabled (samverkan serve --metrics-token-file)");
        if (!authorised(request, digest)) throw Unauthenticated("the metrics token is missing or wrong");
        http::MetricsText out;
        out.family("samverkan_build_info", "The running build", Type::kGauge);
        out.sample({{"version", version()}}, 1);
        requests.write(out);
        try {
          auto session = db.acquire();
          write_jobs(out, *session, clock.now());
          write_letters(out, *session);
        } catch (const soci::soci_error& e) {
          storage::database_failure("reading the metrics", e);
        }
        write_pool(out, db.pool_use());
        write_process(out, started);
        http::Response response{200, std::string(http::MetricsText::kContentType), out.text(), {}};
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
      },
      http::RouteInfo{.access = http::RouteAccess::kPrincipal});
}

void describe_metrics_route(http::OpenApi& api) {
  api.add({.method = "GET",
           .path = "/metrics",
           .operation_id = "metrics",
           .summary = "The platform's operational figures in the Prometheus text format (bearer: the operator's "
                      "metrics token, samverkan serve --metrics-token-file)",
           .tag = "Platform",
           .security = http::ApiSecurity::kBearer,
           .response_content_type = "text/plain",
           .response_schema = R"({"type":"string"})",
           .errors = {401, 404}});
}

}  // namespace samverkan::server
