#pragma once
/// Eksjö kommun (0686): its adapters and their wiring.
///
///   HrSystem          eksjo.hr.personec      Personec P: CSV export folder + change-file import folder
///   PropertyAccess    eksjo.property.arx     the property company's card system, orders in a folder
///   ItServiceDesk     eksjo.it.servicedesk   Höglandets IT service desk (REST)
///   PermissionSystem  eksjo.permissions.idm  Höglandets IT identity management (REST)
///   PrintVendor       eksjo.print.folder     the cooperation's print vendor, job folders

#include <string_view>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/adapters/registry.hpp"

namespace samverkan::adapters::eksjo {

inline constexpr std::string_view kKommunkod = "0686";

/// Registers every adapter listed in `settings` (the file for 0686) with `registry`. Throws
/// config::ConfigError (file:line) for settings of another municipality, an unknown
/// implementation name, a missing transport element or option; samverkan::InternalError from
/// the registry for a duplicate. Reaches no backend: a backend that is down does not stop
/// start-up.
void register_adapters(adapters::Registry& registry, const AdapterSettings& settings);

}  // namespace samverkan::adapters::eksjo
