#pragma once
/// The OAuth 2.0 client-credentials grant (RFC 6749 section 4.4) without the HTTP: checks the
/// client, narrows the scopes, issues the access token, audits it. The token endpoint
/// (POST /oauth/token) parses the form and Basic header and calls exchange().
///
/// Failures are OAuthError with an RFC 6749 section 5.2 error code, because the token
/// endpoint must answer in that format rather than our problem+json.

#include <optional>
#include <string>
#include <string_view>

#include "samverkan/auth/access_tokens.hpp"
#include "samverkan/auth/api_clients.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::audit {
class AuditLog;
}

namespace samverkan::auth {

/// RFC 6749 section 5.2 error codes. invalid_grant is not produced by this grant type (the
/// client's own credentials are the grant; a bad one is invalid_client) but belongs to the set.
enum class OAuthErrorCode {
  kInvalidRequest,
  kInvalidClient,
  kInvalidGrant,
  kUnauthorizedClient,
  kUnsupportedGrantType,
  kInvalidScope,
};

/// "invalid_request", "invalid_client", ...
std::string_view to_string(OAuthErrorCode code) noexcept;

/// An error of the token endpoint. kind() is Unauthenticated for invalid_client (HTTP 401),
/// InvalidInput (400) for the others; what() is the error_description (never a secret).
class OAuthError : public Error {
 public:
  OAuthError(OAuthErrorCode code, const std::string& description)
      : Error(code == OAuthErrorCode::kInvalidClient ? ErrorKind::kUnauthenticated : ErrorKind::kInvalidInput,
              description),
        code_(code) {}
  OAuthErrorCode code() const noexcept { return code_; }
  int http_status() const noexcept { return code_ == OAuthErrorCode::kInvalidClient ? 401 : 400; }

 private:
  OAuthErrorCode code_;
};

struct ClientCredentialsRequest {
  std::string grant_type;  ///< must be "client_credentials"
  std::string client_id;
  std::string client_secret;
  std::optional<std::string> scope;  ///< space-separated; absent: every scope the client holds
};

class ClientCredentialsGrant {
 public:
  /// `audit` records each issued token in the client's municipality ("api-client.token",
  /// object id the token's jti); may be null in tests.
  ClientCredentialsGrant(ApiClientRegistry& clients, const AccessTokenService& tokens, const Clock& clock,
                         storage::Database& db, audit::AuditLog* audit)
      : clients_(clients), tokens_(tokens), clock_(clock), db_(db), audit_(audit) {}

  /// Throws OAuthError: unsupported_grant_type, invalid_request (missing client id or secret),
  /// invalid_client (unknown, revoked, wrong secret: one message for all), invalid_scope
  /// (unknown scope or one the client does not hold).
  IssuedToken exchange(const ClientCredentialsRequest& request);

 private:
  ApiClientRegistry& clients_;
  const AccessTokenService& tokens_;
  const Clock& clock_;
  storage::Database& db_;
  audit::AuditLog* audit_;
};

}  // namespace samverkan::auth
