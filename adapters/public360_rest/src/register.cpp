#include "samverkan/adapters/public360_rest/register.hpp"

#include <memory>
#include <string>

#include "samverkan/adapters/public360_rest/public360_case_system.hpp"

namespace samverkan::adapters::public360_rest {

void register_product(Products& products) {
  products.add<CaseSystem>(std::string(kProduct),
                           "Public 360 through its SIF JSON API (restApi; the token is the authkey)",
                           [](ProductSettings& settings, const ProductContext& context) {
                             return std::make_unique<Public360CaseSystem>(settings.rest_api(), context.backend);
                           });
}

}  // namespace samverkan::adapters::public360_rest
