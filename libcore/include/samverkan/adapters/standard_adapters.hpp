#pragma once
/// Registration of libcore's generic implementations, which every member of the example
/// cooperation uses for some kinds: an order folder for access cards (OutboxPropertyAccess),
/// the cooperation's REST service desk (RestItServiceDesk) and identity management
/// (RestPermissionSystem), and the print vendor's drop folder (FolderPrintVendor). The
/// municipality names its implementations; an empty name means it has no generic
/// implementation of that kind, and a setting naming one is refused.
///
/// A municipality with no adapter code of its own (Sävsjö, Vetlanda):
///   register_standard_adapters(registry, settings, {.kommunkod = "0684", .name = "Sävsjö",
///       .property_access = "savsjo.property.arx", .card_system = "Sävsjö ARX card system", ...});
/// One with a system of its own handles that kind and hands the rest on (Eksjö):
///   if (s.kind == AdapterKind::kHrSystem) { ... } else register_standard_adapter(registry, s, kWiring);

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

/// Registers one setting: an implementation `wiring` names for the setting's kind, or a
/// config::ConfigError (file:line) saying the municipality has no such implementation.
/// Throws what register_standard_adapters() throws.
void register_standard_adapter(Registry& registry, const AdapterSetting& setting, const StandardAdapters& wiring);

/// Registers every adapter listed in `settings` with `registry`. Throws config::ConfigError
/// (file:line) for settings of another municipality, an implementation name the municipality
/// does not have, a missing transport element or option; samverkan::InternalError from the
/// registry for a duplicate. Reaches no backend.
void register_standard_adapters(Registry& registry, const AdapterSettings& settings, const StandardAdapters& wiring);

}  // namespace samverkan::adapters
