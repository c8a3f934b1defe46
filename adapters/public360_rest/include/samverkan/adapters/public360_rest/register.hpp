#pragma once
/// Product public360-rest (CaseSystem): Public 360's SIF JSON API, Public360CaseSystem. Binds a
/// <caseSystem>; reads <restApi> (its tokenFile holds 360's authkey).
///
/// Registered once by the composition root: adapters::public360_rest::register_product(products).

#include <string_view>

#include "samverkan/adapters/products.hpp"

namespace samverkan::adapters::public360_rest {

/// The product key, as members bind it: <... product="public360-rest">.
inline constexpr std::string_view kProduct = "public360-rest";

/// Registers the product with `products`. Throws samverkan::InternalError when the key is
/// already registered.
void register_product(Products& products);

}  // namespace samverkan::adapters::public360_rest
