#include "samverkan/adapters/print_rest/register.hpp"

#include <memory>
#include <string>

#include "samverkan/adapters/print_rest/rest_print_vendor.hpp"

namespace samverkan::adapters::print_rest {

void register_product(Products& products) {
  products.add<PrintVendor>(std::string(kProduct), "a print-and-post vendor's REST API (restApi, option customer)",
                            [](ProductSettings& settings, const ProductContext& context) {
                              const RestApiSettings& api = settings.rest_api();
                              return std::make_unique<RestPrintVendor>(api, settings.option("customer"),
                                                                       context.backend);
                            });
}

}  // namespace samverkan::adapters::print_rest
