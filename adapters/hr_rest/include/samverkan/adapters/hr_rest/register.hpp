#pragma once
/// Product hr-rest (HrSystem): an HR system behind the small REST/JSON contract of
/// rest_hr_system.hpp, RestHrSystem. Binds an <hrSystem>; reads <restApi>.
///
/// Registered once by the composition root: adapters::hr_rest::register_product(products).

#include <string_view>

#include "samverkan/adapters/products.hpp"

namespace samverkan::adapters::hr_rest {

/// The product key, as members bind it: <... product="hr-rest">.
inline constexpr std::string_view kProduct = "hr-rest";

/// Registers the product with `products`. Throws samverkan::InternalError when the key is
/// already registered.
void register_product(Products& products);

}  // namespace samverkan::adapters::hr_rest
