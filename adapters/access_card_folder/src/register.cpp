#include "samverkan/adapters/access_card_folder/register.hpp"

#include <memory>
#include <string>

#include "samverkan/adapters/access_card_folder/outbox_property_access.hpp"

namespace samverkan::adapters::access_card_folder {

void register_product(Products& products) {
  products.add<PropertyAccess>(std::string(kProduct), "access-card orders as files in an order folder (outbox)",
                               [](ProductSettings& settings, const ProductContext& context) {
                                 return std::make_unique<OutboxPropertyAccess>(settings.outbox(), context.municipality,
                                                                               context.backend);
                               });
}

}  // namespace samverkan::adapters::access_card_folder
