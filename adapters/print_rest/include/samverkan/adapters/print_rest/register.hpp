#pragma once
/// Product print-rest (PrintVendor): a print-and-post vendor's REST/JSON API, RestPrintVendor.
/// Binds a <printVendor>; reads <restApi> and <option name="customer"> (the member's customer
/// number at the vendor).
///
/// Registered once by the composition root: adapters::print_rest::register_product(products).

#include <string_view>

#include "samverkan/adapters/products.hpp"

namespace samverkan::adapters::print_rest {

/// The product key, as members bind it: <... product="print-rest">.
inline constexpr std::string_view kProduct = "print-rest";

/// Registers the product with `products`. Throws samverkan::InternalError when the key is
/// already registered.
void register_product(Products& products);

}  // namespace samverkan::adapters::print_rest
