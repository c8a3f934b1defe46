#pragma once
/// Product access-card-folder (PropertyAccess): a property system that imports access-card orders
/// from a folder, OutboxPropertyAccess. Binds a <propertyAccess>; reads <outbox>. The orders
/// carry the member's kommunkod.
///
/// Registered once by the composition root: adapters::access_card_folder::register_product(products).

#include <string_view>

#include "samverkan/adapters/products.hpp"

namespace samverkan::adapters::access_card_folder {

/// The product key, as members bind it: <... product="access-card-folder">.
inline constexpr std::string_view kProduct = "access-card-folder";

/// Registers the product with `products`. Throws samverkan::InternalError when the key is
/// already registered.
void register_product(Products& products);

}  // namespace samverkan::adapters::access_card_folder
