#include "samverkan/server/health.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "samverkan/core/error.hpp"
#include "samverkan/server/version.hpp"

namespace samverkan::server {

void add_health_routes(http::Router& router, storage::Database& db, log::Logger& logger) {
  router.add("GET", "/health", [&db, &logger](http::Request& request) {
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    int status = 200;
    try {
      db.ping();
      body.set("status", "ok");
      body.set("database", "ok");
    } catch (const Unavailable& e) {
      status = 503;
      body.set("status", "unavailable");
      body.set("database", "unavailable");
      body.set("reason", "the database does not answer");
      logger.warning("health check failed", {{"request_id", request.request_id}, {"error", e.what()}});
    }
    body.set("version", std::string(version()));
    std::ostringstream out;
    body.stringify(out);
    return http::Response::json(status, out.str());
  });
}

void describe_health_routes(http::OpenApi& api) {
  api.add({.method = "GET",
           .path = "/health",
           .operation_id = "health",
           .summary = "Whether the platform and its database answer",
           .tag = "Platform",
           .response_schema = R"({"type":"object","required":["status","database","version"],
             "properties":{"status":{"type":"string","enum":["ok","unavailable"]},
             "database":{"type":"string","enum":["ok","unavailable"]},"version":{"type":"string"},
             "reason":{"type":"string"}}})",
           .other_success_statuses = {503}});
}

}  // namespace samverkan::server
