#include "samverkan/adapters/savsjo/register.hpp"

#include "samverkan/adapters/standard_adapters.hpp"

namespace samverkan::adapters::savsjo {

void register_adapters(adapters::Registry& registry, const AdapterSettings& settings) {
  register_standard_adapters(registry, settings,
                             {.kommunkod = kKommunkod,
                              .name = "Sävsjö",
                              .property_access = "savsjo.property.arx",
                              .card_system = "Sävsjö ARX card system",
                              .it_service_desk = "savsjo.it.servicedesk",
                              .permission_system = "savsjo.permissions.idm",
                              .print_vendor = "savsjo.print.folder"});
}

}  // namespace samverkan::adapters::savsjo
