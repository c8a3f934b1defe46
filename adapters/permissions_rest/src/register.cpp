#include "samverkan/adapters/permissions_rest/register.hpp"

#include <memory>
#include <string>

#include "samverkan/adapters/permissions_rest/rest_permission_system.hpp"

namespace samverkan::adapters::permissions_rest {

void register_product(Products& products) {
  products.add<PermissionSystem>(std::string(kProduct),
                                 "an identity management's role-change REST API (restApi, option tenant)",
                                 [](ProductSettings& settings, const ProductContext& context) {
                                   const RestApiSettings& api = settings.rest_api();
                                   return std::make_unique<RestPermissionSystem>(
                                       api, settings.option_or("tenant", context.municipality.str()), context.backend);
                                 });
}

}  // namespace samverkan::adapters::permissions_rest
