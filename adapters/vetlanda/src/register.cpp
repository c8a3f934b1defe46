#include "samverkan/adapters/vetlanda/register.hpp"

#include "samverkan/adapters/standard_adapters.hpp"

namespace samverkan::adapters::vetlanda {

void register_adapters(adapters::Registry& registry, const AdapterSettings& settings) {
  register_standard_adapters(registry, settings,
                             {.kommunkod = kKommunkod,
                              .name = "Vetlanda",
                              .property_access = "vetlanda.property.rcard",
                              .card_system = "Vetlanda R-CARD card system",
                              .it_service_desk = "vetlanda.it.servicedesk",
                              .permission_system = "vetlanda.permissions.idm",
                              .print_vendor = "vetlanda.print.folder"});
}

}  // namespace samverkan::adapters::vetlanda
