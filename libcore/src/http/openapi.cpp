#include "samverkan/http/openapi.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <map>
#include <set>

#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr object() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Object::Ptr parse_schema(const std::string& text, const ApiOperation& operation) {
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(text);
    auto schema = parsed.extract<Object::Ptr>();
    if (!schema.isNull()) return schema;
  } catch (const Poco::Exception&) {
  }
  throw InternalError("the OpenAPI schema of " + operation.method + " " + operation.path + " is not a JSON object");
}

// "/api/v1/x/{kommunkod}/y/{id}" → {"kommunkod", "id"}
std::vector<std::string> path_parameters(const std::string& path) {
  std::vector<std::string> names;
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    const auto close = path.find('}', open);
    if (close == std::string::npos) break;
    names.push_back(path.substr(open + 1, close - open - 1));
  }
  return names;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string_view reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No content";
    case 400:
      return "Invalid input";
    case 401:
      return "Authentication required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not found (or not visible to the caller)";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict with the object's state";
    case 413:
      return "Request too large";
    case 429:
      return "Too many requests";
    case 503:
      return "Service unavailable";
    default:
      return "Error";
  }
}

// The description of well-known parameters, so that each route need not repeat them.
std::string parameter_description(const std::string& name) {
  if (name == "kommunkod") return "The municipality's four-digit code (SCB kommunkod), e.g. 0180";
  if (name == "id") return "The object's id";
  return "The " + name;
}

// The one schema of every problem+json answer (libcore/src/http/problem.cpp), with the
// "errors" extension the services add to name each invalid field or refused letter.
Object::Ptr problem_schema() {
  static constexpr const char* kSchema = R"json({"type":"object",
"description":"An RFC 7807 problem: what went wrong, for a person to read",
"required":["type","title","status","detail"],
"properties":{
 "type":{"type":"string","description":"urn:samverkan:problem:<kind>, e.g. urn:samverkan:problem:not-found"},
 "title":{"type":"string","description":"A short summary of the kind"},
 "status":{"type":"integer","description":"The HTTP status"},
 "detail":{"type":"string","description":"What went wrong in this request"},
 "instance":{"type":"string","description":"The request path"},
 "requestId":{"type":"string","description":"The request's id, also in the X-Request-Id header"},
 "errors":{"type":"array","description":"What was wrong, item by item: a form's fields (field, code, message) or a batch's letters (index, clientRequestId, status, detail)",
  "items":{"type":"object","properties":{
   "field":{"type":"string","description":"The field's name or path"},
   "code":{"type":"string","description":"A stable code for the kind of error, e.g. required"},
   "message":{"description":"For a person: a text, or the text in Swedish and English",
    "oneOf":[{"type":"string"},{"type":"object","required":["sv","en"],"properties":{"sv":{"type":"string"},"en":{"type":"string"}}}]},
   "index":{"type":"integer","minimum":0,"description":"The refused letter's place in the batch (0-based)"},
   "clientRequestId":{"type":"string"},
   "status":{"type":"integer","description":"The status the letter alone would have had"},
   "detail":{"type":"string"}}}}}})json";
  return Poco::JSON::Parser().parse(kSchema).extract<Object::Ptr>();
}

}  // namespace

OpenApi::OpenApi(std::string title, std::string version, std::string description)
    : title_(std::move(title)), version_(std::move(version)), description_(std::move(description)) {}

void OpenApi::add(ApiOperation operation) {
  if (operation.method.empty() || operation.path.empty() || operation.operation_id.empty() ||
      operation.summary.empty()) {
    throw InternalError("an OpenAPI operation needs a method, a path, an operation id and a summary");
  }
  for (const auto& existing : operations_) {
    if (existing.method == operation.method && existing.path == operation.path) {
      throw InternalError("the OpenAPI operation " + operation.method + " " + operation.path + " is added twice");
    }
    if (existing.operation_id == operation.operation_id) {
      throw InternalError("the OpenAPI operation id " + operation.operation_id + " is used twice");
    }
  }
  // Schemas are checked now, so that a typo fails at start-up rather than in a client.
  if (!operation.request_schema.empty()) parse_schema(operation.request_schema, operation);
  if (!operation.response_schema.empty()) parse_schema(operation.response_schema, operation);
  for (const auto& [status, body] : operation.other_errors) parse_schema(body.schema, operation);
  for (const auto& name : path_parameters(operation.path)) {
    const bool given = std::any_of(operation.parameters.begin(), operation.parameters.end(),
                                   [&](const ApiParameter& p) { return p.in == "path" && p.name == name; });
    if (!given) operation.parameters.push_back(ApiParameter{.name = name, .description = parameter_description(name)});
  }
  operations_.push_back(std::move(operation));
}

std::string OpenApi::json() const {
  auto document = object();
  document->set("openapi", "3.1.0");
  auto info = object();
  info->set("title", title_);
  info->set("version", version_);
  info->set("description", description_);
  auto license = object();
  // An SPDX expression rather than a URL: the platform is the member municipalities' own,
  // with no public licence page to point at.
  license->set("name", "Proprietary: owned by the member municipalities of the cooperation");
  license->set("identifier", "LicenseRef-Proprietary");
  info->set("license", license);
  document->set("info", info);
  auto servers = new Array;
  auto server = object();
  server->set("url", "/");
  server->set("description", "This installation");
  servers->add(server);
  document->set("servers", Array::Ptr(servers));

  std::set<std::string> tag_names;
  std::set<std::string> all_scopes;
  std::map<std::string, Object::Ptr> paths;
  for (const auto& operation : operations_) {
    tag_names.insert(operation.tag.empty() ? "Platform" : operation.tag);
    for (const auto& scope : operation.scopes) all_scopes.insert(scope);
  }

  for (const auto& operation : operations_) {
    auto& path_item = paths[operation.path];
    if (path_item.isNull()) path_item = object();
    auto entry = object();
    entry->set("operationId", operation.operation_id);
    entry->set("summary", operation.summary);
    if (!operation.description.empty()) entry->set("description", operation.description);
    auto tags = new Array;
    tags->add(operation.tag.empty() ? "Platform" : operation.tag);
    entry->set("tags", Array::Ptr(tags));

    auto security = new Array;
    const auto add_requirement = [&](const char* scheme, const std::vector<std::string>& scopes) {
      auto requirement = object();
      auto scope_list = new Array;
      for (const auto& scope : scopes) scope_list->add(scope);
      requirement->set(scheme, Array::Ptr(scope_list));
      security->add(requirement);
    };
    if (operation.security == ApiSecurity::kBearer || operation.security == ApiSecurity::kBearerOrSession) {
      add_requirement("clientCredentials", operation.scopes);
    }
    if (operation.security == ApiSecurity::kSession || operation.security == ApiSecurity::kBearerOrSession) {
      add_requirement("session", {});
    }
    entry->set("security", Array::Ptr(security));  // empty: public

    if (!operation.parameters.empty()) {
      auto parameters = new Array;
      for (const auto& parameter : operation.parameters) {
        auto p = object();
        p->set("name", parameter.name);
        p->set("in", parameter.in);
        p->set("description",
               parameter.description.empty() ? parameter_description(parameter.name) : parameter.description);
        p->set("required", parameter.in == "path" ? true : parameter.required);
        p->set("schema", parse_schema(parameter.schema, operation));
        parameters->add(p);
      }
      entry->set("parameters", Array::Ptr(parameters));
    }
    if (!operation.request_schema.empty()) {
      auto body = object();
      body->set("required", true);
      auto content = object();
      auto media = object();
      media->set("schema", parse_schema(operation.request_schema, operation));
      content->set(operation.request_content_type, media);
      body->set("content", content);
      entry->set("requestBody", body);
    }
    auto responses = object();
    auto success = object();
    success->set("description", std::string(reason(operation.success_status)));
    if (!operation.response_schema.empty()) {
      auto content = object();
      auto media = object();
      media->set("schema", parse_schema(operation.response_schema, operation));
      content->set(operation.response_content_type, media);
      for (const auto& type : operation.other_response_types) {
        auto other = object();
        auto text = object();
        text->set("type", "string");
        other->set("schema", text);
        content->set(type, other);
      }
      success->set("content", content);
    }
    responses->set(std::to_string(operation.success_status), success);
    for (int status : operation.other_success_statuses) {
      auto other = object();
      other->set("description", std::string(reason(status)));
      if (success->has("content")) other->set("content", success->get("content"));
      responses->set(std::to_string(status), other);
    }
    std::vector<int> errors = operation.errors;
    for (const auto& [status, body] : operation.other_errors) errors.push_back(status);
    if (operation.security != ApiSecurity::kNone) errors.push_back(401);
    errors.push_back(400);  // every operation can meet malformed input or a too large body
    std::sort(errors.begin(), errors.end());
    errors.erase(std::unique(errors.begin(), errors.end()), errors.end());
    for (int status : errors) {
      auto problem = object();
      problem->set("description", std::string(reason(status)));
      auto content = object();
      auto media = object();
      const auto own = operation.other_errors.find(status);
      if (own != operation.other_errors.end()) {
        media->set("schema", parse_schema(own->second.schema, operation));
        content->set(own->second.content_type, media);
      } else {
        auto reference = object();
        reference->set("$ref", "#/components/schemas/Problem");
        media->set("schema", reference);
        content->set("application/problem+json", media);
      }
      problem->set("content", content);
      responses->set(std::to_string(status), problem);
    }
    entry->set("responses", responses);
    path_item->set(lower(operation.method), entry);
  }

  auto path_object = object();
  for (const auto& [path, item] : paths) path_object->set(path, item);
  document->set("paths", path_object);

  auto tags = new Array;
  for (const auto& name : tag_names) {
    auto tag = object();
    tag->set("name", name);
    tag->set("description", name + " operations");
    tags->add(tag);
  }
  document->set("tags", Array::Ptr(tags));

  auto components = object();
  auto schemas = object();
  schemas->set("Problem", problem_schema());
  components->set("schemas", schemas);
  auto schemes = object();
  auto oauth = object();
  oauth->set("type", "oauth2");
  oauth->set("description", "OAuth 2.0 client credentials: an API client of one municipality");
  auto flows = object();
  auto client_credentials = object();
  client_credentials->set("tokenUrl", "/oauth/token");
  auto scopes = object();
  for (const auto& scope : all_scopes) scopes->set(scope, "Scope " + scope);
  client_credentials->set("scopes", scopes);
  flows->set("clientCredentials", client_credentials);
  oauth->set("flows", flows);
  schemes->set("clientCredentials", oauth);
  auto session = object();
  session->set("type", "apiKey");
  session->set("in", "cookie");
  session->set("name", "__Host-samverkan_session");
  session->set("description",
               "A logged-in browser session (staff or citizen); state-changing requests also send the "
               "session's CSRF token in X-CSRF-Token");
  schemes->set("session", session);
  components->set("securitySchemes", schemes);
  document->set("components", components);

  return to_json(*document);
}

ApiParameter query_parameter(std::string name, std::string description) {
  return ApiParameter{.name = std::move(name), .in = "query", .description = std::move(description), .required = false};
}

void describe(OpenApi& api, std::string_view base, std::string_view tag, const std::vector<ApiEntry>& entries) {
  for (const auto& e : entries) {
    if (e.success != 204 && e.response_schema.empty()) {
      throw InternalError("the OpenAPI operation " + e.method + " " + std::string(base) + e.path +
                          " has no response schema");
    }
    std::vector<int> errors = e.errors;
    errors.push_back(404);  // an unknown municipality, or an object the caller may not see
    if (e.security != ApiSecurity::kNone) errors.push_back(403);
    api.add({.method = e.method,
             .path = std::string(base) + e.path,
             .operation_id = e.operation_id,
             .summary = e.summary,
             .tag = std::string(tag),
             .security = e.security,
             .scopes = e.scopes,
             .parameters = e.query,
             .request_schema = e.request_schema,
             .success_status = e.success,
             .response_content_type = e.response_type,
             .response_schema = e.success == 204 ? "" : e.response_schema,
             .errors = std::move(errors),
             .other_response_types = e.other_response_types,
             .other_success_statuses = e.other_success_statuses});
  }
}

}  // namespace samverkan::http
