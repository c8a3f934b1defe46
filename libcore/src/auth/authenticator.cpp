#include "samverkan/auth/authenticator.hpp"

#include <Poco/String.h>

#include "samverkan/http/problem.hpp"

namespace samverkan::auth {
namespace {

// RFC 6750 section 3: error_description is printable ASCII without '"' and '\'.
std::string quoted_safe(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 200)) {
    if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') out += c;
  }
  return out;
}

}  // namespace

std::optional<security::Principal> Authenticator::authenticate_bearer(const http::Request& request) const {
  const auto header = request.header("Authorization");
  if (!header) return std::nullopt;
  // RFC 6750 section 2.1: "Bearer" (case-insensitive) SP token68.
  constexpr std::string_view kScheme = "bearer ";
  if (header->size() <= kScheme.size() ||
      Poco::icompare(header->substr(0, kScheme.size()), std::string(kScheme)) != 0) {
    throw InvalidToken(TokenProblem::kMalformed, "the Authorization header must be 'Bearer <access token>'");
  }
  const std::string token = Poco::trim(header->substr(kScheme.size()));
  auto principal = tokens_.verify(token);
  const std::string client_id = principal.id().substr(std::string_view("client:").size());
  if (!clients_.is_active(client_id)) {
    throw InvalidToken(TokenProblem::kRevoked, "the API client of this token has been revoked");
  }
  return principal;
}

std::optional<security::Principal> Authenticator::authenticate_certificate(const http::Request& request) const {
  if (!request.client_certificate) return std::nullopt;
  return staff_.authenticate_client_certificate(*request.client_certificate);
}

std::optional<security::Principal> Authenticator::authenticate_session(const http::Request& request) const {
  if (sessions_ == nullptr) return std::nullopt;
  const auto token = SessionStore::cookie_token(request);
  if (!token) return std::nullopt;
  auto session = sessions_->resume(*token);
  if (!session || session->principal.kind() == security::PrincipalKind::kAnonymous) {
    throw Unauthenticated("the session has ended or has not logged in; log in again");
  }
  if (session->stage != LoginStage::kComplete) {
    // Half-way through a first login: the password is known, the second factor is not yet.
    throw Unauthenticated("the login is not finished: change the initial password and enrol the one-time codes");
  }
  const bool safe = request.method == "GET" || request.method == "HEAD" || request.method == "OPTIONS";
  if (!safe && !sessions_->check_csrf(*session, request.header("X-CSRF-Token").value_or(""))) {
    throw Forbidden("a state-changing request with a session needs the session's CSRF token in X-CSRF-Token");
  }
  return std::move(session->principal);
}

security::Principal Authenticator::require(const http::Request& request) const {
  if (auto principal = authenticate_bearer(request)) return std::move(*principal);
  if (auto principal = authenticate_certificate(request)) return std::move(*principal);
  if (auto principal = authenticate_session(request)) return std::move(*principal);
  throw InvalidToken(TokenProblem::kMissing,
                     "authentication required: send an access token (Authorization: Bearer ...), a SITHS "
                     "client certificate, or log in");
}

std::string bearer_challenge(const Unauthenticated& error) {
  std::string challenge = "Bearer realm=\"samverkan\"";
  const auto* token_error = dynamic_cast<const InvalidToken*>(&error);
  // RFC 6750 section 3.1: a request without credentials gets no error code.
  if (token_error != nullptr && token_error->problem() == TokenProblem::kMissing) return challenge;
  if (token_error != nullptr) {
    challenge += ", error=\"invalid_token\", error_description=\"" + quoted_safe(error.what()) + "\"";
  }
  return challenge;
}

http::Response unauthorized_response(const http::Request& request, const Unauthenticated& error) {
  auto response = http::problem_response(ErrorKind::kUnauthenticated, error.what(), request.path, request.request_id);
  response.headers.emplace_back("WWW-Authenticate", bearer_challenge(error));
  return response;
}

http::Handler authenticated(const Authenticator& authenticator,
                            std::function<http::Response(http::Request&, const security::Principal&)> handler) {
  return [&authenticator, handler = std::move(handler)](http::Request& request) -> http::Response {
    std::optional<security::Principal> principal;
    try {
      principal = authenticator.require(request);
    } catch (const Unauthenticated& e) {
      return unauthorized_response(request, e);
    }
    return handler(request, *principal);
  };
}

}  // namespace samverkan::auth
