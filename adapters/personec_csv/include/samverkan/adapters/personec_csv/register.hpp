#pragma once
/// Product personec-csv (HrSystem): Personec P reached through its files, PersonecHrSystem. Binds
/// an <hrSystem>; reads
///   <csvExport>  the folder Personec drops its nightly export into (encoding, delimiter,
///                file prefix, maximum age);
///   <outbox>     the folder Personec reads change files from (its "inläsning").
///
/// Registered once by the composition root: adapters::personec_csv::register_product(products).

#include <string_view>

#include "samverkan/adapters/products.hpp"

namespace samverkan::adapters::personec_csv {

/// The product key, as members bind it: <... product="personec-csv">.
inline constexpr std::string_view kProduct = "personec-csv";

/// Registers the product with `products`. Throws samverkan::InternalError when the key is
/// already registered.
void register_product(Products& products);

}  // namespace samverkan::adapters::personec_csv
