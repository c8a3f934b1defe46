#pragma once
/// Registration for a municipality that has no adapter code of its own and uses libcore's
/// generic implementations only (as Sävsjö and Vetlanda do): an order folder for access
/// cards (OutboxPropertyAccess), the cooperation's REST service desk (RestItServiceDesk) and
/// identity management (RestPermissionSystem), and the print vendor's drop folder
/// (FolderPrintVendor). The municipality names its implementations; an empty name means it
/// has no implementation of that kind, and settings naming one are refused.
///
///   void register_adapters(adapters::Registry& registry, const AdapterSettings& settings) {
///     register_standard_adapters(registry, settings, {.kommunkod = "0684", .name = "Sävsjö",
///         .property_access = "savsjo.property.arx", .card_system = "Sävsjö ARX card system", ...});
///   }

#include <string_view>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/adapters/registry.hpp"

namespace samverkan::adapters {

struct StandardAdapters {
  std::string_view kommunkod{};          ///< "0684"
  std::string_view name{};               ///< "Sävsjö", for messages
  std::string_view property_access{};    ///< "savsjo.property.arx"
  std::string_view card_system{};        ///< how messages name the card system, "Sävsjö ARX card system"
  std::string_view it_service_desk{};    ///< "savsjo.it.servicedesk" (option "customer" required)
  std::string_view permission_system{};  ///< "savsjo.permissions.idm" (option "tenant", default the kommunkod)
  std::string_view print_vendor{};       ///< "savsjo.print.folder" (option "customer" required)
};

/// Registers every adapter listed in `settings` with `registry`. Throws config::ConfigError
/// (file:line) for settings of another municipality, an implementation name the municipality
/// does not have, a missing transport element or option; samverkan::InternalError from the
/// registry for a duplicate. Reaches no backend.
void register_standard_adapters(Registry& registry, const AdapterSettings& settings, const StandardAdapters& wiring);

}  // namespace samverkan::adapters
