#include "samverkan/security/principal.hpp"

#include <array>

#include "samverkan/core/error.hpp"
#include "samverkan/security/roles.hpp"

namespace samverkan::security {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 10> kRoleNames = {{
    {Role::kAdministrator, "administrator"},
    {Role::kRegistrar, "registrar"},
    {Role::kCaseHandler, "case-handler"},
    {Role::kCommitteeSecretary, "committee-secretary"},
    {Role::kCommitteeMember, "committee-member"},
    {Role::kEServiceEditor, "eservice-editor"},
    {Role::kReader, "reader"},
    {Role::kHiringManager, "manager"},
    {Role::kHrOfficer, "hr"},
    {Role::kArchivist, "archivist"},
}};

}  // namespace

std::string_view to_string(Role role) noexcept {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "reader";
}

std::vector<Role> all_roles() {
  std::vector<Role> roles;
  roles.reserve(kRoleNames.size());
  for (const auto& entry : kRoleNames) roles.push_back(entry.first);
  return roles;
}

Role parse_role(std::string_view text) {
  for (const auto& [value, name] : kRoleNames) {
    if (name == text) return value;
  }
  std::string known;
  for (const auto& entry : kRoleNames) known += (known.empty() ? "" : ", ") + std::string(entry.second);
  throw InvalidInput("unknown role '" + std::string(text) + "'; known roles: " + known);
}

Principal Principal::anonymous() { return Principal(PrincipalKind::kAnonymous, "anonymous"); }

Principal Principal::citizen(const ids::Personnummer& personnummer) {
  Principal principal(PrincipalKind::kCitizen, "citizen:" + personnummer.digits());
  principal.personnummer_ = personnummer;
  return principal;
}

Principal Principal::staff(const std::string& user_id, std::map<ids::Kommunkod, std::set<Role>> roles,
                           bool platform_administrator) {
  if (user_id.empty()) throw InvalidInput("a staff user needs an id");
  Principal principal(PrincipalKind::kStaff, "staff:" + user_id);
  principal.roles_ = std::move(roles);
  principal.platform_administrator_ = platform_administrator;
  return principal;
}

Principal Principal::api_client(const std::string& client_id, ids::Kommunkod municipality,
                                std::set<std::string> scopes) {
  if (client_id.empty()) throw InvalidInput("an API client needs an id");
  Principal principal(PrincipalKind::kApiClient, "client:" + client_id);
  principal.client_municipality_ = std::move(municipality);
  principal.scopes_ = std::move(scopes);
  return principal;
}

Principal Principal::system(const std::string& job_name) {
  return Principal(PrincipalKind::kSystem, "system:" + job_name);
}

bool Principal::belongs_to(const ids::Kommunkod& municipality) const {
  switch (kind_) {
    case PrincipalKind::kStaff: {
      const auto found = roles_.find(municipality);
      return found != roles_.end() && !found->second.empty();
    }
    case PrincipalKind::kApiClient:
      return client_municipality_ == municipality;
    default:
      return false;
  }
}

bool Principal::has_role(const ids::Kommunkod& municipality, Role role) const {
  if (kind_ != PrincipalKind::kStaff) return false;
  const auto found = roles_.find(municipality);
  return found != roles_.end() && found->second.contains(role);
}

bool Principal::has_scope(std::string_view scope) const {
  return kind_ == PrincipalKind::kApiClient && scopes_.contains(std::string(scope));
}

}  // namespace samverkan::security
