#pragma once
/// The one error a bad access token gives: an Unauthenticated (401) that also says what was
/// wrong, for logs, tests and the WWW-Authenticate error_description (RFC 6750 section 3).

#include <string>
#include <string_view>

#include "samverkan/core/error.hpp"

namespace samverkan::auth {

enum class TokenProblem {
  kMissing,           ///< no token where one is required
  kMalformed,         ///< not a compact JWS, bad base64url or JSON, missing claims
  kAlgorithmRefused,  ///< alg is not ES256 ("none", HS256, ...)
  kUnknownKey,        ///< kid names no key of ours
  kBadSignature,      ///< the signature does not verify
  kWrongType,         ///< typ is not the expected one (e.g. not an access token)
  kWrongIssuer,
  kWrongAudience,
  kExpired,
  kNotYetValid,
  kRevoked,  ///< the client behind the token has been revoked
};

/// "expired", "bad-signature", ... (stable, for logs and tests).
std::string_view to_string(TokenProblem problem) noexcept;

class InvalidToken : public Unauthenticated {
 public:
  InvalidToken(TokenProblem problem, const std::string& message) : Unauthenticated(message), problem_(problem) {}
  TokenProblem problem() const noexcept { return problem_; }

 private:
  TokenProblem problem_;
};

}  // namespace samverkan::auth
