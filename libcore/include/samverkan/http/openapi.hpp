#pragma once
/// The OpenAPI 3.1 document of the platform's HTTP API, built from what each module mounts:
/// every route under /api/ is described where it is added, so the document cannot drift from
/// the router (a test compares the two).
///
///   api.add({.method = "POST", .path = "/api/v1/staff/login", .operation_id = "staffLogin",
///            .summary = "Log in with password and one-time code", .tag = "Authentication",
///            .request_schema = R"({"type":"object","required":["username"],...})",
///            .response_schema = R"({"type":"object",...})",
///            .errors = {400, 401, 403, 429}});
///
/// Errors are documented as application/problem+json (RFC 7807) with one shared schema.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace samverkan::http {

enum class ApiSecurity {
  kNone,     ///< public
  kBearer,   ///< an API client's access token (OAuth 2.0 client credentials)
  kSession,  ///< a logged-in browser session (cookie + X-CSRF-Token)
  kBearerOrSession,
};

struct ApiParameter {
  std::string name{};
  std::string in = "path";  ///< "path" or "query"
  std::string description{};
  std::string schema = R"({"type":"string"})";
  bool required = true;
};

/// A body of a given media type and JSON Schema text.
struct ApiBody {
  std::string content_type;
  std::string schema;
};

struct ApiOperation {
  std::string method{};  ///< "GET"
  std::string path{};    ///< "/api/v1/municipalities/{kommunkod}/messages"
  std::string operation_id{};
  std::string summary{};
  std::string description{};
  std::string tag{};
  ApiSecurity security = ApiSecurity::kNone;
  std::vector<std::string> scopes{};       ///< for kBearer: the scopes any of which allows the call
  std::vector<ApiParameter> parameters{};  ///< path parameters are added from the path when not given
  std::string request_content_type = "application/json";
  std::string request_schema{};  ///< JSON Schema text; empty: no body
  int success_status = 200;
  std::string response_content_type = "application/json";
  std::string response_schema{};  ///< JSON Schema text; empty: no body (e.g. 204)
  std::vector<int> errors{};      ///< documented problem+json statuses
  /// Further media types the success answer may have (chosen by a query parameter such as
  /// format=pdf), each described as a string.
  std::vector<std::string> other_response_types{};
  /// Further success statuses with the same body (e.g. 200 for an idempotent replay of a 201).
  std::vector<int> other_success_statuses{};
  /// Error statuses answered with a body of their own instead of a problem (e.g. the OAuth
  /// token endpoint's RFC 6749 errors).
  std::map<int, ApiBody> other_errors{};
};

/// One row of a service's table of operations under one base path: the common case of an
/// ApiOperation, written as a line (services/<service>/src/openapi.cpp).
struct ApiEntry {
  std::string method;
  std::string path;  ///< after the base: "/errands/{reference}"
  std::string operation_id;
  std::string summary;
  ApiSecurity security = ApiSecurity::kNone;
  std::vector<std::string> scopes{};
  int success = 200;
  std::vector<int> errors{};     ///< besides 404 (always) and 403 (for a secured operation)
  std::string request_schema{};  ///< the JSON body's JSON Schema text; empty: the operation takes no body
  std::vector<ApiParameter> query{};
  std::string response_type = "application/json";
  std::string response_schema{};                    ///< JSON Schema text; required unless the operation answers 204
  std::vector<std::string> other_response_types{};  ///< as in ApiOperation
  std::vector<int> other_success_statuses{};        ///< as in ApiOperation
};

/// An optional query parameter (a string).
ApiParameter query_parameter(std::string name, std::string description);

class OpenApi {
 public:
  OpenApi(std::string title, std::string version, std::string description);

  /// Throws samverkan::InternalError for a duplicate method + path, a malformed schema text or
  /// an operation without method, path, operation id or summary (a programming error).
  void add(ApiOperation operation);

  const std::vector<ApiOperation>& operations() const noexcept { return operations_; }

  /// The document as JSON (OpenAPI 3.1.0).
  std::string json() const;

 private:
  std::string title_;
  std::string version_;
  std::string description_;
  std::vector<ApiOperation> operations_;
};

/// Adds each entry as an operation at base + path with `tag`. Every entry documents 404 (an
/// unknown municipality, or an object the caller may not see), a secured one 403 too. Throws
/// what OpenApi::add throws, and samverkan::InternalError for an entry without a response
/// schema that does not answer 204.
void describe(OpenApi& api, std::string_view base, std::string_view tag, const std::vector<ApiEntry>& entries);

}  // namespace samverkan::http
