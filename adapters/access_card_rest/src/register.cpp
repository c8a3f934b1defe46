#include "samverkan/adapters/access_card_rest/register.hpp"

#include <memory>
#include <string>

#include "samverkan/adapters/access_card_rest/rest_property_access.hpp"

namespace samverkan::adapters::access_card_rest {

void register_product(Products& products) {
  products.add<PropertyAccess>(std::string(kProduct), "access-card orders over a REST API (restApi, option tenant)",
                               [](ProductSettings& settings, const ProductContext& context) {
                                 const RestApiSettings& api = settings.rest_api();
                                 return std::make_unique<RestPropertyAccess>(
                                     api, settings.option_or("tenant", context.municipality.str()), context.backend);
                               });
}

}  // namespace samverkan::adapters::access_card_rest
