#pragma once
/// An error answer of the BankID API ({"errorCode": ..., "details": ...} with an HTTP status
/// other than 200), as a samverkan::Error of the kind a caller handles:
///
///   errorCode (HTTP status)            kind           what the relying party does
///   alreadyInProgress (400)            kConflict      tell the user an order is already running
///   invalidParameters (400)            kInvalidInput  fix the request; do not retry it as is
///   unauthorized (401, 403)            kInternal      our RP certificate lacks rights: configuration
///   notFound (404)                     kInternal      wrong base URL: configuration
///   requestTimeout (408)               kUnavailable   tell the user, let them retry
///   internalError (500)                kUnavailable   tell the user, do not retry automatically
///   maintenance (503)                  kUnavailable   may retry after a while
///   any other status or code           kUnavailable   (an unexpected answer of the remote)
///
/// unauthorized and notFound are errors in our own set-up that the user cannot do anything
/// about, so they are kInternal (the HTTP layer then shows a generic message and logs this
/// one) rather than kUnauthenticated / kNotFound, which would speak about the user's request.
/// An unknown orderRef in collect or cancel is invalidParameters, as in the real service.

#include <string>
#include <string_view>
#include <utility>

#include "samverkan/core/error.hpp"

namespace samverkan::bankid {

class ApiError : public Error {
 public:
  ApiError(ErrorKind kind, const std::string& message, int http_status, std::string error_code, std::string details)
      : Error(kind, message),
        http_status_(http_status),
        error_code_(std::move(error_code)),
        details_(std::move(details)) {}

  /// Builds the error for an answer: the kind from the table above, a message naming the
  /// operation ("collect"), the status, the errorCode and BankID's details.
  static ApiError from_answer(std::string_view operation, int http_status, std::string error_code, std::string details);

  int http_status() const noexcept { return http_status_; }
  /// errorCode as sent ("alreadyInProgress"); "" when the body had none.
  const std::string& error_code() const noexcept { return error_code_; }
  /// details as sent; "" when the body had none.
  const std::string& details() const noexcept { return details_; }

 private:
  int http_status_;
  std::string error_code_;
  std::string details_;
};

}  // namespace samverkan::bankid
