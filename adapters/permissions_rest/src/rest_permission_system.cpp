#include "samverkan/adapters/permissions_rest/rest_permission_system.hpp"

#include <algorithm>

#include "samverkan/adapters/json_answer.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::adapters::permissions_rest {

RestPermissionSystem::RestPermissionSystem(RestApiSettings settings, std::string tenant, std::string backend)
    : tenant_(std::move(tenant)), client_(std::move(settings), std::move(backend)) {
  if (tenant_.empty()) throw InvalidInput(client_.backend() + ": a tenant is required");
}

OrderReceipt RestPermissionSystem::grant(const RoleAssignment& assignment) { return change(assignment, "grant"); }

OrderReceipt RestPermissionSystem::revoke(const RoleAssignment& assignment) { return change(assignment, "revoke"); }

OrderReceipt RestPermissionSystem::change(const RoleAssignment& assignment, std::string_view action) {
  validate(assignment);
  auto json = json_object();
  json->set("tenant", tenant_);
  json->set("action", std::string(action));
  json->set("account", assignment.user_account);
  json->set("system", assignment.role.system);
  json->set("role", assignment.role.role);
  json->set("reason", assignment.reason);
  return client_.place_order("/role-changes", http::to_json(*json), assignment.idempotency_key, "changeId");
}

std::vector<Role> RestPermissionSystem::roles(std::string_view user_account) {
  if (user_account.empty()) throw InvalidInput("user account is empty");
  const auto response = client_.call(
      "GET", "/accounts/" + encode_path_segment(user_account) + "/roles?tenant=" + encode_path_segment(tenant_));
  const auto answer = parse_json_object(response.body, client_.backend());
  const auto list = answer->getArray("roles");
  if (!list) throw Unavailable(client_.backend() + " answered without roles");
  std::vector<Role> result;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto entry = list->getObject(static_cast<unsigned>(i));
    if (!entry) throw Unavailable(client_.backend() + " answered with a malformed role");
    result.push_back(
        Role{required_string(entry, "system", client_.backend()), required_string(entry, "role", client_.backend())});
  }
  std::sort(result.begin(), result.end());
  return result;
}

}  // namespace samverkan::adapters::permissions_rest
