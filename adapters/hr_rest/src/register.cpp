#include "samverkan/adapters/hr_rest/register.hpp"

#include <memory>
#include <string>

#include "samverkan/adapters/hr_rest/rest_hr_system.hpp"

namespace samverkan::adapters::hr_rest {

void register_product(Products& products) {
  products.add<HrSystem>(std::string(kProduct), "an HR system behind the hr-rest JSON contract (restApi)",
                         [](ProductSettings& settings, const ProductContext& context) {
                           return std::make_unique<RestHrSystem>(settings.rest_api(), *context.clock, context.backend);
                         });
}

}  // namespace samverkan::adapters::hr_rest
