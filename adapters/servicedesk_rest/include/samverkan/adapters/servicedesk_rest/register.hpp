#pragma once
/// Product servicedesk-rest (ItServiceDesk): an IT service desk's equipment-order REST API,
/// RestItServiceDesk. Binds an <itServiceDesk>; reads <restApi> and <option name="customer">
/// (the member's customer id at the desk).
///
/// Registered once by the composition root: adapters::servicedesk_rest::register_product(products).

#include <string_view>

#include "samverkan/adapters/products.hpp"

namespace samverkan::adapters::servicedesk_rest {

/// The product key, as members bind it: <... product="servicedesk-rest">.
inline constexpr std::string_view kProduct = "servicedesk-rest";

/// Registers the product with `products`. Throws samverkan::InternalError when the key is
/// already registered.
void register_product(Products& products);

}  // namespace samverkan::adapters::servicedesk_rest
