#pragma once
/// Access tokens for API clients: JWTs (RFC 7519) signed ES256 by the SigningKeySet, in the
/// shape of RFC 9068 (JWT profile for OAuth 2.0 access tokens):
///   header  {"alg":"ES256","kid":"<thumbprint>","typ":"at+jwt"}
///   claims  iss, sub (= client id), aud, iat, nbf, exp, jti, client_id, municipality, scope
/// Tokens live 5 minutes by default. Verification checks the signature (ES256 only, known kid),
/// the type, iss, aud, and exp/nbf/iat against the injected clock with a small leeway.
/// Revocation of the client is checked by the Authenticator, not here.

#include <chrono>
#include <set>
#include <string>
#include <string_view>

#include "samverkan/auth/api_clients.hpp"
#include "samverkan/auth/invalid_token.hpp"
#include "samverkan/auth/signing_keys.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/security/principal.hpp"

namespace samverkan::auth {

/// The JOSE "typ" of our access tokens (RFC 9068 section 2.1); refusing other types keeps any
/// other JWT we might sign one day from being replayed as an access token.
inline constexpr std::string_view kAccessTokenType = "at+jwt";

struct TokenOptions {
  std::string issuer = "urn:samverkan";        ///< iss; set to the platform's public URL
  std::string audience = "urn:samverkan:api";  ///< aud
  std::chrono::seconds lifetime{300};          ///< exp - iat, and expires_in
  std::chrono::seconds leeway{30};             ///< clock skew allowed on exp, nbf and iat
};

struct IssuedToken {
  std::string access_token;
  std::chrono::seconds expires_in{};
  Clock::TimePoint expires_at;
  std::set<std::string> scopes;
  std::string jti;
};

class AccessTokenService {
 public:
  /// `keys` and `clock` must outlive the service.
  AccessTokenService(const SigningKeySet& keys, const Clock& clock, TokenOptions options);
  AccessTokenService(const SigningKeySet& keys, const Clock& clock) : AccessTokenService(keys, clock, TokenOptions{}) {}

  /// Issues a token for `client` carrying `scopes`, which must be a non-empty subset of the
  /// client's scopes (samverkan::InvalidInput otherwise). Signed with the newest key.
  IssuedToken issue(const ApiClient& client, const std::set<std::string>& scopes) const;

  /// Verifies a token and returns its principal (security::Principal::api_client with the
  /// token's client id, municipality and scopes). Throws InvalidToken saying what is wrong:
  /// kMalformed, kAlgorithmRefused, kUnknownKey, kBadSignature, kWrongType, kWrongIssuer,
  /// kWrongAudience, kExpired, kNotYetValid.
  security::Principal verify(std::string_view token) const;

  const TokenOptions& options() const noexcept { return options_; }

 private:
  const SigningKeySet& keys_;
  const Clock& clock_;
  TokenOptions options_;
};

}  // namespace samverkan::auth
