#pragma once
/// Aneby kommun (0604): its adapters and their wiring.
///
///   PrintVendor       aneby.print.brevservice  Aneby's own print vendor over its REST API
///   ItServiceDesk     aneby.it.servicedesk     Höglandets IT service desk (REST)
///   PermissionSystem  aneby.permissions.idm    Höglandets IT identity management (REST)
/// Aneby has no HrSystem, PropertyAccess or CaseSystem adapter: its HR reports, card orders and
/// diary registrations are manual steps of the processes (the registry says NotFound).

#include <string_view>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/adapters/registry.hpp"

namespace samverkan::adapters::aneby {

inline constexpr std::string_view kKommunkod = "0604";

/// Registers every adapter listed in `settings` (the file for 0604) with `registry`. Throws
/// config::ConfigError (file:line) for settings of another municipality, an unknown
/// implementation name, a missing transport element or option; samverkan::InternalError from
/// the registry for a duplicate. Reaches no backend.
void register_adapters(adapters::Registry& registry, const AdapterSettings& settings);

}  // namespace samverkan::adapters::aneby
