#pragma once
/// GET /health: {"status":"ok","database":"ok","version":"0.1.0"}, or 503 with
/// {"status":"unavailable","database":"unavailable","reason":...,"version":...}.

#include "samverkan/http/openapi.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::server {

/// The 503 body names no host or credentials; the full reason goes to the log.
void add_health_routes(http::Router& router, storage::Database& db, log::Logger& logger);

/// Adds GET /health to the API document.
void describe_health_routes(http::OpenApi& api);

}  // namespace samverkan::server
