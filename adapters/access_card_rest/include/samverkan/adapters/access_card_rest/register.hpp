#pragma once
/// Product access-card-rest (PropertyAccess): a property access system behind the small
/// REST/JSON contract of rest_property_access.hpp, RestPropertyAccess. Binds a
/// <propertyAccess>; reads <restApi> and, optionally, <option name="tenant"> (the member at the
/// system; default its kommunkod).
///
/// Registered once by the composition root: adapters::access_card_rest::register_product(products).

#include <string_view>

#include "samverkan/adapters/products.hpp"

namespace samverkan::adapters::access_card_rest {

/// The product key, as members bind it: <... product="access-card-rest">.
inline constexpr std::string_view kProduct = "access-card-rest";

/// Registers the product with `products`. Throws samverkan::InternalError when the key is
/// already registered.
void register_product(Products& products);

}  // namespace samverkan::adapters::access_card_rest
