#pragma once
/// The one exception root of Samverkan. Callers tell failures apart by kind, and the HTTP layer
/// maps each kind to one status code and one RFC 7807 problem type (see http/problem.hpp).
/// Errors of Poco, SOCI, OpenSSL and libxml2 are wrapped into these at module boundaries.

#include <stdexcept>
#include <string>
#include <string_view>

namespace samverkan {

enum class ErrorKind {
  kInvalidInput,     ///< The caller's input is wrong; retrying the same input fails again.
  kNotFound,         ///< No such object (or the principal may not know it exists).
  kForbidden,        ///< The principal is known but may not do this.
  kUnauthenticated,  ///< No or bad credentials.
  kConflict,         ///< The object's state does not allow this (e.g. locked minutes, a duplicate).
  kTooLarge,         ///< The input exceeds a size limit.
  kUnavailable,      ///< A dependency (database, remote service) is down; retrying later may work.
  kInternal,         ///< A bug or an unexpected failure of our own.
};

/// Stable, lower-case, hyphenated name of a kind ("invalid-input"); used in problem types and logs.
std::string_view to_string(ErrorKind kind) noexcept;

/// Root of all Samverkan exceptions. what() is a human-readable message safe to show to the
/// caller: it never carries personal data or secrets.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

class InvalidInput : public Error {
 public:
  explicit InvalidInput(const std::string& message) : Error(ErrorKind::kInvalidInput, message) {}
};

class NotFound : public Error {
 public:
  explicit NotFound(const std::string& message) : Error(ErrorKind::kNotFound, message) {}
};

class Forbidden : public Error {
 public:
  explicit Forbidden(const std::string& message) : Error(ErrorKind::kForbidden, message) {}
};

class Unauthenticated : public Error {
 public:
  explicit Unauthenticated(const std::string& message) : Error(ErrorKind::kUnauthenticated, message) {}
};

class Conflict : public Error {
 public:
  explicit Conflict(const std::string& message) : Error(ErrorKind::kConflict, message) {}
};

class TooLarge : public Error {
 public:
  explicit TooLarge(const std::string& message) : Error(ErrorKind::kTooLarge, message) {}
};

class Unavailable : public Error {
 public:
  explicit Unavailable(const std::string& message) : Error(ErrorKind::kUnavailable, message) {}
};

class InternalError : public Error {
 public:
  explicit InternalError(const std::string& message) : Error(ErrorKind::kInternal, message) {}
};

}  // namespace samverkan
