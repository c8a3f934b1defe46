#include "samverkan/server/openapi_route.hpp"

namespace samverkan::server {

void add_openapi_route(http::Router& router, http::OpenApi& api) {
  api.add({.method = "GET",
           .path = "/api/v1/openapi.json",
           .operation_id = "openApiDocument",
           .summary = "This document",
           .tag = "Platform",
           .response_schema = R"({"type":"object"})"});
  // Built once: the routes do not change while the server runs.
  router.add("GET", "/api/v1/openapi.json", [document = api.json()](http::Request&) {
    auto response = http::Response::json(200, document);
    response.headers.emplace_back("Cache-Control", "public, max-age=300");
    return response;
  });
}

}  // namespace samverkan::server
