#include "samverkan/auth/client_credentials.hpp"

#include <algorithm>

#include "auth/detail/common.hpp"
#include "samverkan/audit/audit_log.hpp"

namespace samverkan::auth {

std::string_view to_string(OAuthErrorCode code) noexcept {
  switch (code) {
    case OAuthErrorCode::kInvalidRequest:
      return "invalid_request";
    case OAuthErrorCode::kInvalidClient:
      return "invalid_client";
    case OAuthErrorCode::kInvalidGrant:
      return "invalid_grant";
    case OAuthErrorCode::kUnauthorizedClient:
      return "unauthorized_client";
    case OAuthErrorCode::kUnsupportedGrantType:
      return "unsupported_grant_type";
    case OAuthErrorCode::kInvalidScope:
      return "invalid_scope";
  }
  return "invalid_request";
}

IssuedToken ClientCredentialsGrant::exchange(const ClientCredentialsRequest& request) {
  if (request.grant_type.empty()) throw OAuthError(OAuthErrorCode::kInvalidRequest, "grant_type is missing");
  if (request.grant_type != "client_credentials") {
    throw OAuthError(OAuthErrorCode::kUnsupportedGrantType, "only grant_type=client_credentials is supported");
  }
  if (request.client_id.empty() || request.client_secret.empty()) {
    throw OAuthError(OAuthErrorCode::kInvalidClient,
                     "client authentication failed: send client_id and client_secret (HTTP Basic or form)");
  }
  const auto client = clients_.authenticate(request.client_id, request.client_secret);
  if (!client) throw OAuthError(OAuthErrorCode::kInvalidClient, "client authentication failed");

  std::set<std::string> scopes = client->scopes;
  if (request.scope) {
    const auto asked = detail::split(*request.scope, " ");
    if (asked.empty()) throw OAuthError(OAuthErrorCode::kInvalidScope, "scope is empty");
    scopes.clear();
    for (const auto& scope : asked) {
      if (!client->scopes.contains(scope)) {
        throw OAuthError(OAuthErrorCode::kInvalidScope,
                         "the client does not hold the scope '" + scope.substr(0, 64) + "'");
      }
      scopes.insert(scope);
    }
  }
  auto issued = tokens_.issue(*client, scopes);
  if (audit_ != nullptr) {
    audit_->append_separately(db_, client->municipality,
                              security::Principal::api_client(client->id, client->municipality, scopes), clock_.now(),
                              {"api-client.token", "access-token", issued.jti, "scope: " + format_scopes(scopes)},
                              audit::Outcome::kSuccess);
  }
  return issued;
}

}  // namespace samverkan::auth
