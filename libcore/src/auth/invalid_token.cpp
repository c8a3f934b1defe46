#include "samverkan/auth/invalid_token.hpp"

namespace samverkan::auth {

std::string_view to_string(TokenProblem problem) noexcept {
  switch (problem) {
    case TokenProblem::kMissing:
      return "missing";
    case TokenProblem::kMalformed:
      return "malformed";
    case TokenProblem::kAlgorithmRefused:
      return "algorithm-refused";
    case TokenProblem::kUnknownKey:
      return "unknown-key";
    case TokenProblem::kBadSignature:
      return "bad-signature";
    case TokenProblem::kWrongType:
      return "wrong-type";
    case TokenProblem::kWrongIssuer:
      return "wrong-issuer";
    case TokenProblem::kWrongAudience:
      return "wrong-audience";
    case TokenProblem::kExpired:
      return "expired";
    case TokenProblem::kNotYetValid:
      return "not-yet-valid";
    case TokenProblem::kRevoked:
      return "revoked";
  }
  return "malformed";
}

}  // namespace samverkan::auth
