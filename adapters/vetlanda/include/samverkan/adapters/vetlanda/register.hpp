#pragma once
/// Vetlanda kommun (0685): its adapters and their wiring. Vetlanda has no adapter code of its
/// own: every backend it uses speaks a protocol another member uses too, so it configures
/// libcore's generic implementations (register_standard_adapters).
///
///   PropertyAccess    vetlanda.property.rcard   the property company's R-CARD import folder (OutboxPropertyAccess)
///   ItServiceDesk     vetlanda.it.servicedesk   Höglandets IT service desk (RestItServiceDesk)
///   PermissionSystem  vetlanda.permissions.idm  Höglandets IT identity management (RestPermissionSystem)
///   PrintVendor       vetlanda.print.folder     the cooperation's print vendor (FolderPrintVendor)
/// Vetlanda has no HrSystem or CaseSystem adapter yet.

#include <string_view>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/adapters/registry.hpp"

namespace samverkan::adapters::vetlanda {

inline constexpr std::string_view kKommunkod = "0685";

/// Registers every adapter listed in `settings` (the file for 0685) with `registry`. Throws
/// config::ConfigError (file:line) for settings of another municipality, an unknown
/// implementation name, a missing transport element or option; samverkan::InternalError from
/// the registry for a duplicate. Reaches no backend.
void register_adapters(adapters::Registry& registry, const AdapterSettings& settings);

}  // namespace samverkan::adapters::vetlanda
