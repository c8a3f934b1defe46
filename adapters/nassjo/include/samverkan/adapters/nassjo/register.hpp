#pragma once
/// Nässjö kommun (0682, host of Höglandets IT): its adapters and their wiring.
///
///   CaseSystem        nassjo.case.public360  Public 360° over its SIF JSON API
///   PropertyAccess    nassjo.property.vaka   the property owner's card system, orders in a folder
///   ItServiceDesk     nassjo.it.servicedesk  Höglandets IT service desk (REST)
///   PermissionSystem  nassjo.permissions.idm Höglandets IT identity management (REST)
///   PrintVendor       nassjo.print.folder    the cooperation's print vendor, job folders
/// Nässjö has no HrSystem adapter yet (Heroma; see the adapters note).

#include <string_view>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/adapters/registry.hpp"

namespace samverkan::adapters::nassjo {

inline constexpr std::string_view kKommunkod = "0682";

/// Registers every adapter listed in `settings` (the file for 0682) with `registry`. Throws
/// config::ConfigError (file:line) for settings of another municipality, an unknown
/// implementation name, a missing transport element or option; samverkan::InternalError from
/// the registry for a duplicate. Reaches no backend.
void register_adapters(adapters::Registry& registry, const AdapterSettings& settings);

}  // namespace samverkan::adapters::nassjo
