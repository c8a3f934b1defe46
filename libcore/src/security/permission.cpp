#include "samverkan/security/permission.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace samverkan::security {
namespace {

// The one table of who may do what. A permission lists the municipal roles that grant it,
// the API scope that grants it to a client of that municipality (empty: never a client),
// and whether the cooperation's platform administrator holds it (explicitly, per row).
struct Grant {
  Permission permission;
  std::string_view name;
  std::string_view scope;
  std::initializer_list<Role> roles;
  bool platform_administrator;
};

const std::array<Grant, 22> kGrants = {{
    {Permission::kAuditRead, "audit.read", "", {Role::kAdministrator}, true},
    {Permission::kApiClientManage, "api-client.manage", "", {Role::kAdministrator}, true},
    {Permission::kStaffManage, "staff.manage", "", {Role::kAdministrator}, true},
    {Permission::kAdapterConfigure, "adapter.configure", "", {Role::kAdministrator}, true},
    {Permission::kEServiceEdit,
     "eservice.edit",
     "eservices:write",
     {Role::kEServiceEditor, Role::kAdministrator},
     false},
    {Permission::kErrandRead,
     "errand.read",
     "errands:read",
     {Role::kCaseHandler, Role::kReader, Role::kRegistrar},
     false},
    {Permission::kErrandHandle, "errand.handle", "errands:write", {Role::kCaseHandler}, false},
    {Permission::kCaseRead,
     "case.read",
     "cases:read",
     {Role::kRegistrar, Role::kCaseHandler, Role::kCommitteeSecretary, Role::kReader, Role::kArchivist},
     false},
    {Permission::kCaseRegister, "case.register", "cases:write", {Role::kRegistrar}, false},
    {Permission::kCaseHandle,
     "case.handle",
     "cases:write",
     {Role::kCaseHandler, Role::kRegistrar, Role::kCommitteeSecretary},
     false},
    // The archivist delivers whole records, secret ones included (secrecy follows them into the
    // archive, OSL 11 kap.); the packages carry the secrecy marks.
    {Permission::kSecretDocumentRead,
     "secret-document.read",
     "",
     {Role::kRegistrar, Role::kCaseHandler, Role::kArchivist},
     false},
    {Permission::kMeetingManage, "meeting.manage", "meetings:write", {Role::kCommitteeSecretary}, false},
    {Permission::kMinutesSign, "minutes.sign", "", {Role::kCommitteeMember, Role::kCommitteeSecretary}, false},
    {Permission::kMeetingRead,
     "meeting.read",
     "cases:read",
     {Role::kCommitteeSecretary, Role::kCommitteeMember, Role::kRegistrar, Role::kCaseHandler, Role::kReader,
      Role::kArchivist},
     false},
    {Permission::kMailboxSend, "mailbox.send", "mailbox:send", {Role::kCaseHandler, Role::kRegistrar}, false},
    // A trusted integration submits for a citizen it identified itself; no staff role does.
    {Permission::kEServiceSubmit, "eservice.submit", "eservices:submit", {}, false},
    // Hiring: a manager sees the units HR has assigned them (hiring_manager_unit), HR every
    // unit; an API client of the municipality with hiring:read sees every unit as well.
    {Permission::kHireRead, "hire.read", "hiring:read", {Role::kHiringManager, Role::kHrOfficer}, false},
    {Permission::kHireWrite, "hire.write", "hiring:write", {Role::kHiringManager, Role::kHrOfficer}, false},
    {Permission::kHireAllUnits, "hire.all-units", "hiring:read", {Role::kHrOfficer}, false},
    {Permission::kHiringAdminister, "hiring.administer", "", {Role::kHrOfficer, Role::kAdministrator}, false},
    // Aggregates without personal data: who runs and improves the e-services reads them; a
    // monitoring system scrapes them with statistics:read.
    {Permission::kStatisticsRead,
     "statistics.read",
     "statistics:read",
     {Role::kEServiceEditor, Role::kCaseHandler, Role::kAdministrator},
     false},
    // Archival packages hold whole records: only the archivist makes them, never an API client.
    {Permission::kArchiveExport, "archive.export", "", {Role::kArchivist}, false},
}};

const Grant& grant_for(Permission permission) {
  for (const auto& grant : kGrants) {
    if (grant.permission == permission) return grant;
  }
  return kGrants.front();  // unreachable: every enumerator has a row (checked by a test)
}

}  // namespace

std::string_view to_string(Permission permission) noexcept { return grant_for(permission).name; }

std::vector<Permission> all_permissions() {
  std::vector<Permission> all;
  all.reserve(kGrants.size());
  for (const auto& grant : kGrants) all.push_back(grant.permission);
  return all;
}

std::string_view scope_for(Permission permission) noexcept { return grant_for(permission).scope; }

bool allows(const Principal& principal, const ids::Kommunkod& municipality, Permission permission) {
  const Grant& grant = grant_for(permission);
  switch (principal.kind()) {
    case PrincipalKind::kStaff: {
      if (grant.platform_administrator && principal.is_platform_administrator()) return true;
      return std::any_of(grant.roles.begin(), grant.roles.end(),
                         [&](Role role) { return principal.has_role(municipality, role); });
    }
    case PrincipalKind::kApiClient:
      return !grant.scope.empty() && principal.belongs_to(municipality) && principal.has_scope(grant.scope);
    case PrincipalKind::kSystem:
    case PrincipalKind::kCitizen:
    case PrincipalKind::kAnonymous:
      return false;
  }
  return false;
}

}  // namespace samverkan::security
