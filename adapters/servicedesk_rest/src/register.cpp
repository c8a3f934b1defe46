#include "samverkan/adapters/servicedesk_rest/register.hpp"

#include <memory>
#include <string>

#include "samverkan/adapters/servicedesk_rest/rest_it_service_desk.hpp"

namespace samverkan::adapters::servicedesk_rest {

void register_product(Products& products) {
  products.add<ItServiceDesk>(
      std::string(kProduct), "an IT service desk's equipment-order REST API (restApi, option customer)",
      [](ProductSettings& settings, const ProductContext& context) {
        const RestApiSettings& api = settings.rest_api();
        return std::make_unique<RestItServiceDesk>(api, settings.option("customer"), context.backend);
      });
}

}  // namespace samverkan::adapters::servicedesk_rest
