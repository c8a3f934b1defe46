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

security::Principal Authenticator::require(const http::Request& request) const {
  if (auto principal = authenticate_bearer(request)) return std::move(*principal);
  if (auto principal = authenticate_certificate(request)) return std::move(*principal);
  throw InvalidToken(TokenProblem::kMissing,
                     "authentication required: send an access token (Authorization: Bearer ...) or a SITHS "
                     "client certificate");
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
