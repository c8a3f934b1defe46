#pragma once
/// RFC 7807 problem details: the one mapping from error kinds to HTTP status codes and
/// stable problem types (`urn:samverkan:problem:<kind>`).

#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>

#include "samverkan/core/error.hpp"
#include "samverkan/http/message.hpp"

namespace samverkan::http {

/// The HTTP status for an error kind: invalid-input 400, unauthenticated 401, forbidden 403,
/// not-found 404, conflict 409, too-large 413, unavailable 503, internal 500.
int status_for(ErrorKind kind) noexcept;

/// The stable problem type URI for a kind, e.g. "urn:samverkan:problem:not-found".
std::string problem_type(ErrorKind kind);

/// An application/problem+json response with type, title, status, detail, instance and
/// requestId members, and the members of `extensions` after them (RFC 7807 section 3.2, e.g.
/// {"errors": [...]} naming each invalid field). An extension never replaces a standard member:
/// one named like them is an InternalError (a programming error).
Response problem_response(ErrorKind kind, std::string_view detail, std::string_view instance,
                          std::string_view request_id, const Poco::JSON::Object& extensions);
Response problem_response(ErrorKind kind, std::string_view detail, std::string_view instance,
                          std::string_view request_id);

/// Same, for a status without a kind of its own (e.g. 405 method-not-allowed).
Response problem_response(int status, std::string_view type_name, std::string_view title, std::string_view detail,
                          std::string_view instance, std::string_view request_id);

}  // namespace samverkan::http
