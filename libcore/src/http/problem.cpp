#include "samverkan/http/problem.hpp"

#include <Poco/JSON/Object.h>

#include "samverkan/http/json.hpp"

namespace samverkan::http {
namespace {

std::string_view title_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return "Invalid input";
    case ErrorKind::kNotFound:
      return "Not found";
    case ErrorKind::kForbidden:
      return "Forbidden";
    case ErrorKind::kUnauthenticated:
      return "Authentication required";
    case ErrorKind::kConflict:
      return "Conflict";
    case ErrorKind::kTooLarge:
      return "Request too large";
    case ErrorKind::kUnavailable:
      return "Service unavailable";
    case ErrorKind::kInternal:
      return "Internal error";
  }
  return "Internal error";
}

Response problem_body(int status, std::string_view type_name, std::string_view title, std::string_view detail,
                      std::string_view instance, std::string_view request_id, const Poco::JSON::Object& extensions) {
  Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
  object.set("type", "urn:samverkan:problem:" + std::string(type_name));
  object.set("title", std::string(title));
  object.set("status", status);
  object.set("detail", std::string(detail));
  object.set("instance", std::string(instance));
  object.set("requestId", std::string(request_id));
  for (const auto& name : extensions.getNames()) {
    if (object.has(name)) throw InternalError("a problem extension may not replace the member " + name);
    object.set(name, extensions.get(name));
  }
  Response response;
  response.status = status;
  response.content_type = "application/problem+json";
  response.body = to_json(object);
  return response;
}

}  // namespace

int status_for(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kTooLarge:
      return 413;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

std::string problem_type(ErrorKind kind) { return "urn:samverkan:problem:" + std::string(to_string(kind)); }

Response problem_response(ErrorKind kind, std::string_view detail, std::string_view instance,
                          std::string_view request_id, const Poco::JSON::Object& extensions) {
  return problem_body(status_for(kind), to_string(kind), title_for(kind), detail, instance, request_id, extensions);
}

Response problem_response(ErrorKind kind, std::string_view detail, std::string_view instance,
                          std::string_view request_id) {
  return problem_response(kind, detail, instance, request_id, Poco::JSON::Object());
}

Response problem_response(int status, std::string_view type_name, std::string_view title, std::string_view detail,
                          std::string_view instance, std::string_view request_id) {
  return problem_body(status, type_name, title, detail, instance, request_id, Poco::JSON::Object());
}

}  // namespace samverkan::http
