#pragma once
/// GET /metrics: the platform's operational figures in the Prometheus text format (0.0.4), for
/// the operator's monitoring; no member's data beyond counts, no personal data, no label that
/// names a person:
///   samverkan_build_info{version}                              1
///   samverkan_http_requests_total{method,route,code}           counter (http::RequestMetrics)
///   samverkan_http_request_duration_seconds{method,route}      histogram
///   samverkan_jobs{queue,state}                                gauge: durable jobs by queue and state
///   samverkan_job_oldest_queued_age_seconds{queue}             gauge: the oldest job waiting, per queue
///   samverkan_letters{municipality,status}                     gauge: digital mail by outcome
///   samverkan_db_pool_connections{state}                       gauge: in use, idle
///   samverkan_db_pool_acquisitions_total, _timeouts_total,     counters
///   samverkan_db_pool_wait_seconds_total
///   process_resident_memory_bytes, process_cpu_seconds_total,  the process (Prometheus' names)
///   process_start_time_seconds
/// Request figures are this process's (scrape every node); the database's are the platform's.
///
/// Access: `Authorization: Bearer <token>`, the token the operator put in the file given with
/// `samverkan serve --metrics-token-file` (owner-only; Prometheus' `credentials_file`). Without
/// that option /metrics is not served (404); a missing or wrong token is 401.

#include <filesystem>
#include <string>

#include "samverkan/core/clock.hpp"
#include "samverkan/http/openapi.hpp"
#include "samverkan/http/request_metrics.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::server {

/// The scrape token in `file`: its first line, at least 32 characters. Throws InvalidInput for
/// a file that group or others can read, a missing file, or a shorter token.
std::string read_metrics_token(const std::filesystem::path& file);

/// Mounts GET /metrics. `token` empty: not enabled (404). Everything must outlive the router.
void add_metrics_route(http::Router& router, storage::Database& db, const http::RequestMetrics& requests,
                       const std::string& token, const Clock& clock);

/// Adds GET /metrics to the API document.
void describe_metrics_route(http::OpenApi& api);

}  // namespace samverkan::server
