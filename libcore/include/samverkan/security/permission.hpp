#pragma once
/// What a principal may do in one municipality. Roles and API-client scopes map to
/// permissions in one table (permission.cpp); services check permissions, never roles.

#include <string_view>
#include <vector>

#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/security/principal.hpp"

namespace samverkan::security {

enum class Permission {
  kAuditRead,           ///< read and verify the municipality's audit trail
  kApiClientManage,     ///< create and revoke API clients
  kStaffManage,         ///< manage staff users and their roles
  kAdapterConfigure,    ///< change adapter settings
  kEServiceEdit,        ///< publish, override and withdraw e-services
  kErrandRead,          ///< read errands (personal data)
  kErrandHandle,        ///< change errands, message citizens
  kCaseRead,            ///< read cases and documents incl. personal data (not secret contents)
  kCaseRegister,        ///< register cases and documents, reserve numbers
  kCaseHandle,          ///< prepare cases: status changes, links between cases
  kSecretDocumentRead,  ///< read secret documents' contents
  kMeetingManage,       ///< meetings, agendas, minutes
  kMinutesSign,         ///< adjust (justera) minutes
  kMeetingRead,         ///< read boards' composition, meetings, agendas and minutes (incl. secret items)
  kMailboxSend,         ///< send letters to digital mailboxes
  kEServiceSubmit,      ///< submit e-services on behalf of a citizen (trusted integrations only)
  kHireRead,            ///< read hires (personal data) of the units one may see
  kHireWrite,           ///< hire, change and end employments in the units one may see
  kHireAllUnits,        ///< see every unit's hires, not only those of the units one manages
  kHiringAdminister,    ///< assign managers their units
  kStatisticsRead,      ///< read the e-services' satisfaction and first-contact figures (no personal data)
  kArchiveExport,       ///< export closed cases as archival packages (E-ARK SIP) for the e-archive
};

std::string_view to_string(Permission permission) noexcept;

/// Every permission of the table, in table order (for tests and documentation).
std::vector<Permission> all_permissions();

/// The scope name an API client needs for a permission ("errands:read"); empty when no
/// client may ever hold it.
std::string_view scope_for(Permission permission) noexcept;

/// True when `principal` holds `permission` in `municipality`. Citizens and anonymous
/// principals hold no staff permissions; their own data is checked by the services.
/// The platform administrator holds only what the table gives that role explicitly.
bool allows(const Principal& principal, const ids::Kommunkod& municipality, Permission permission);

}  // namespace samverkan::security
