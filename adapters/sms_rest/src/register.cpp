#include "samverkan/adapters/sms_rest/register.hpp"

#include <memory>
#include <string>

#include "samverkan/adapters/sms_rest/rest_sms_gateway.hpp"

namespace samverkan::adapters::sms_rest {

void register_product(Products& products) {
  products.add<SmsGateway>(std::string(kProduct),
                           "a generic SMS gateway's REST API (restApi with the API key in tokenFile, option sender)",
                           [](ProductSettings& settings, const ProductContext& context) {
                             const RestApiSettings& api = settings.rest_api();
                             return std::make_unique<RestSmsGateway>(api, settings.option("sender"), context.backend);
                           });
}

}  // namespace samverkan::adapters::sms_rest
