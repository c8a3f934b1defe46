#include "samverkan/bankid/api_error.hpp"

namespace samverkan::bankid {
namespace {

ErrorKind kind_for(int http_status, const std::string& error_code) {
  if (error_code == "alreadyInProgress") return ErrorKind::kConflict;
  if (error_code == "invalidParameters") return ErrorKind::kInvalidInput;
  if (error_code == "unauthorized" || error_code == "notFound") return ErrorKind::kInternal;
  if (error_code == "requestTimeout" || error_code == "internalError" || error_code == "maintenance") {
    return ErrorKind::kUnavailable;
  }
  // No or an unknown errorCode: go by the status alone.
  switch (http_status) {
    case 400:
      return ErrorKind::kInvalidInput;
    case 401:
    case 403:
    case 404:
      return ErrorKind::kInternal;
    default:
      return ErrorKind::kUnavailable;
  }
}

std::string_view advice_for(ErrorKind kind, const std::string& error_code) {
  if (error_code == "alreadyInProgress") return "an order is already in progress for this person";
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return "the request was refused; do not repeat it unchanged";
    case ErrorKind::kInternal:
      return error_code == "notFound" ? "check the configured BankID base URL"
                                      : "check the relying-party certificate and its BankID agreement";
    default:
      return "BankID is unavailable; try again later";
  }
}

}  // namespace

ApiError ApiError::from_answer(std::string_view operation, int http_status, std::string error_code,
                               std::string details) {
  const ErrorKind kind = kind_for(http_status, error_code);
  std::string message = "BankID " + std::string(operation) + " failed with HTTP " + std::to_string(http_status);
  if (!error_code.empty()) message += " " + error_code;
  // details is BankID's own text about our request (e.g. "No such order"); it names no person.
  // Capped, so a misbehaving server cannot flood our logs through it.
  if (!details.empty()) message += " (" + details.substr(0, 200) + ")";
  message += ": ";
  message += advice_for(kind, error_code);
  return ApiError(kind, message, http_status, std::move(error_code), std::move(details));
}

}  // namespace samverkan::bankid
