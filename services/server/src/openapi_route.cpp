#include "samverkan/server/openapi_route.hpp"

namespace samverkan::server {

void add_openapi_route(http::Router& router, http::OpenApi& api) {
  api.add(
      {.method = "GET",
       .path = "/api/v1/openapi.json",
       .operation_id = "openApiDocument",
       .summary = "This document",
       .tag = "Platform",
       .response_schema =
           R"json({"type":"object","description":"This document: OpenAPI 3.1.0 (its own schema is at https://spec.openapis.org/oas/3.1/schema/2022-10-07)",
"required":["openapi","info","paths","components"],"properties":{"openapi":{"const":"3.1.0"},
"info":{"type":"object","required":["title","version"],"properties":{"title":{"type":"string"},"version":{"type":"string"}},"additionalProperties":true},
"servers":{"type":"array","items":{"type":"object","additionalProperties":true}},
"paths":{"type":"object","additionalProperties":{"type":"object","additionalProperties":true}},
"tags":{"type":"array","items":{"type":"object","additionalProperties":true}},
"components":{"type":"object","additionalProperties":true}}})json"});
  // Built once: the routes do not change while the server runs.
  router.add("GET", "/api/v1/openapi.json", [document = api.json()](http::Request&) {
    auto response = http::Response::json(200, document);
    response.headers.emplace_back("Cache-Control", "public, max-age=300");
    return response;
  });
}

}  // namespace samverkan::server
