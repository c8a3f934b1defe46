#pragma once
/// Sävsjö kommun (0684): its adapters and their wiring. Like Vetlanda, Sävsjö has no adapter
/// code of its own and configures libcore's generic implementations (register_standard_adapters).
///
///   PropertyAccess    savsjo.property.arx       Sävsjö's ARX card system import folder (OutboxPropertyAccess)
///   ItServiceDesk     savsjo.it.servicedesk     Höglandets IT service desk (RestItServiceDesk)
///   PermissionSystem  savsjo.permissions.idm    Höglandets IT identity management (RestPermissionSystem)
///   PrintVendor       savsjo.print.folder       the cooperation's print vendor (FolderPrintVendor)
/// Sävsjö has no HrSystem or CaseSystem adapter yet.

#include <string_view>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/adapters/registry.hpp"

namespace samverkan::adapters::savsjo {

inline constexpr std::string_view kKommunkod = "0684";

/// Registers every adapter listed in `settings` (the file for 0684) with `registry`. Throws
/// config::ConfigError (file:line) for settings of another municipality, an unknown
/// implementation name, a missing transport element or option; samverkan::InternalError from
/// the registry for a duplicate. Reaches no backend.
void register_adapters(adapters::Registry& registry, const AdapterSettings& settings);

}  // namespace samverkan::adapters::savsjo
