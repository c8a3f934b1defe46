#pragma once
/// GET /api/v1/openapi.json: the OpenAPI 3.1 document of everything mounted before it.

#include "samverkan/http/openapi.hpp"
#include "samverkan/http/router.hpp"

namespace samverkan::server {

/// Describes the route itself, then serves the document as it is now (call it last).
void add_openapi_route(http::Router& router, http::OpenApi& api);

}  // namespace samverkan::server
