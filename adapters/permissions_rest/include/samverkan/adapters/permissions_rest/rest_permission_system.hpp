#pragma once
/// PermissionSystem over Samverkan's role-change API, a small REST/JSON contract exposed by the
/// identity management that provisions the business systems (a cooperation often runs one
/// for all its members). Shared by every municipality it serves; the settings give the URL and the tenant.
///
///   POST {base}/role-changes              Idempotency-Key: <key>
///     {"tenant": "0199", "action": "grant" | "revoke", "account": "...", "system": "...",
///      "role": "...", "reason": "..."}
///     201 {"changeId": "RC-17", "changed": true | false}   done (changed false: already so)
///     200 {"changeId": "RC-17", ...}                        a replay of this key
///     404                                                   unknown account
///     409                                                   this key was used for another change
///     422 {"message": "..."}                                unknown system or role
///   GET {base}/accounts/{account}/roles?tenant=0199
///     200 {"roles": [{"system": "...", "role": "..."}]}
///     404                                                   unknown account

#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/permission_system.hpp"
#include "samverkan/adapters/rest_client.hpp"

namespace samverkan::adapters::permissions_rest {

class RestPermissionSystem final : public PermissionSystem {
 public:
  /// `tenant` identifies the municipality in the identity management (normally the kommunkod).
  RestPermissionSystem(RestApiSettings settings, std::string tenant, std::string backend);

  OrderReceipt grant(const RoleAssignment& assignment) override;
  OrderReceipt revoke(const RoleAssignment& assignment) override;
  std::vector<Role> roles(std::string_view user_account) override;

 private:
  OrderReceipt change(const RoleAssignment& assignment, std::string_view action);

  std::string tenant_;
  RestClient client_;
};

}  // namespace samverkan::adapters::permissions_rest
