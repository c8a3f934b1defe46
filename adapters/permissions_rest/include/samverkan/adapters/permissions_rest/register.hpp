#pragma once
/// Product permissions-rest (PermissionSystem): an identity management's role-change REST API,
/// RestPermissionSystem. Binds a <permissionSystem>; reads <restApi> and, optionally,
/// <option name="tenant"> (the member's tenant there; default its kommunkod).
///
/// Registered once by the composition root: adapters::permissions_rest::register_product(products).

#include <string_view>

#include "samverkan/adapters/products.hpp"

namespace samverkan::adapters::permissions_rest {

/// The product key, as members bind it: <... product="permissions-rest">.
inline constexpr std::string_view kProduct = "permissions-rest";

/// Registers the product with `products`. Throws samverkan::InternalError when the key is
/// already registered.
void register_product(Products& products);

}  // namespace samverkan::adapters::permissions_rest
