#pragma once
/// What a call of the platform's API throws. Every answer other than 2xx is an RFC 7807 problem
/// (application/problem+json); it becomes an ApiError of the class its status means, carrying
/// the problem's members, the field errors and the request id to quote to the platform's
/// operators. Not reaching the server is a ConnectionError, an answer that is not the documented
/// JSON a ProtocolError.
///
///   try {
///     letters.send(letter);
///   } catch (const samverkan::client::InvalidRequest& e) {
///     for (const auto& error : e.field_errors()) std::cerr << error.field << ": " << error.message << '\n';
///   } catch (const samverkan::client::ApiError& e) {
///     std::cerr << e.what() << " (request " << e.request_id() << ")\n";
///   }

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace samverkan::client {

/// The base of everything this library throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The server could not be reached, TLS failed (e.g. a certificate not trusted), or the
/// connection broke before an answer came.
class ConnectionError : public Error {
 public:
  ConnectionError(const std::string& what, bool transient) : Error(what), transient_(transient) {}
  /// Whether trying again later may help: false when TLS refused the server's certificate (a
  /// configuration fault, not retried), true when it could not connect or the connection broke.
  bool transient() const noexcept { return transient_; }

 private:
  bool transient_;
};

/// The server answered something the API does not document (not JSON, a member missing).
class ProtocolError : public Error {
 public:
  using Error::Error;
};

/// Bad arguments to a call of this library, found before anything is sent.
class UsageError : public Error {
 public:
  using Error::Error;
};

/// One invalid part of a request, from the problem's "errors" member: a form field
/// (e-service submissions, hires) or a letter of a bulk request (by index).
struct FieldError {
  std::string field;                             ///< the field's id; empty for a letter of a batch
  std::string code;                              ///< a machine-readable reason, when the service gives one
  std::string message;                           ///< for a person to read (English when the service has it)
  std::optional<std::size_t> index;              ///< the letter's position in a bulk request
  std::optional<std::string> client_request_id;  ///< the letter's clientRequestId in a bulk request
  std::optional<int> status;                     ///< the status this letter alone would have had
};

/// An RFC 7807 problem as the platform sends it.
struct Problem {
  int status = 0;
  std::string type;        ///< urn:samverkan:problem:<kind>
  std::string title;       ///< a short summary of the kind
  std::string detail;      ///< what went wrong in this request
  std::string instance;    ///< the request's path
  std::string request_id;  ///< the request's id (also the X-Request-Id header)
  std::vector<FieldError> errors;
  std::optional<std::chrono::seconds> retry_after;  ///< from Retry-After (429, 503)
};

/// An answer other than 2xx. what() is "<detail> (<status>, request <id>)".
class ApiError : public Error {
 public:
  explicit ApiError(Problem problem);

  int status() const noexcept { return problem_.status; }
  const std::string& type() const noexcept { return problem_.type; }
  const std::string& title() const noexcept { return problem_.title; }
  const std::string& detail() const noexcept { return problem_.detail; }
  const std::string& instance() const noexcept { return problem_.instance; }
  const std::string& request_id() const noexcept { return problem_.request_id; }
  const std::vector<FieldError>& field_errors() const noexcept { return problem_.errors; }
  std::optional<std::chrono::seconds> retry_after() const noexcept { return problem_.retry_after; }
  const Problem& problem() const noexcept { return problem_; }

 private:
  Problem problem_;
};

/// 400 or 422: the request is malformed or its content invalid; field_errors() says where.
class InvalidRequest : public ApiError {
 public:
  using ApiError::ApiError;
};
/// 401: no valid access token, or the token endpoint refused the client credentials.
class Unauthenticated : public ApiError {
 public:
  using ApiError::ApiError;
};
/// The token endpoint refused the client credentials (an unknown client, a wrong or expired
/// secret, a revoked client, or a scope it was not given); status() is the endpoint's (400, 401),
/// type() urn:ietf:params:oauth:error:<error> (RFC 6749 section 5.2).
class CredentialsRefused : public Unauthenticated {
 public:
  using Unauthenticated::Unauthenticated;
};
/// 403: the API client lacks the scope (or its municipality the role) the operation needs.
class Forbidden : public ApiError {
 public:
  using ApiError::ApiError;
};
/// 404: no such object for this API client: unknown, or another municipality's.
class NotFound : public ApiError {
 public:
  using ApiError::ApiError;
};
/// 409: the request conflicts with the current state, e.g. an idempotency key reused for
/// other content.
class Conflict : public ApiError {
 public:
  using ApiError::ApiError;
};
/// 413: the request body is larger than the server takes.
class TooLarge : public ApiError {
 public:
  using ApiError::ApiError;
};
/// 429: too many requests, still so after the retries the options allow.
class RateLimited : public ApiError {
 public:
  using ApiError::ApiError;
};
/// 500, 502, 503, 504: the platform (or a system behind it) failed or is unavailable, still so
/// after the retries the options allow (503 only; 500 is not retried).
class ServerError : public ApiError {
 public:
  using ApiError::ApiError;
};

/// Throws the ApiError subclass for `problem.status`.
[[noreturn]] void throw_problem(Problem problem);

}  // namespace samverkan::client
