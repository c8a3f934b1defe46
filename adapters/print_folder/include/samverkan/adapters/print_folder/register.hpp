#pragma once
/// Product print-folder (PrintVendor): a print vendor that collects job folders from a drop
/// folder, FolderPrintVendor. Binds a <printVendor>; reads <outbox> and <option name="customer">
/// (the member's customer number at the vendor).
///
/// Registered once by the composition root: adapters::print_folder::register_product(products).

#include <string_view>

#include "samverkan/adapters/products.hpp"

namespace samverkan::adapters::print_folder {

/// The product key, as members bind it: <... product="print-folder">.
inline constexpr std::string_view kProduct = "print-folder";

/// Registers the product with `products`. Throws samverkan::InternalError when the key is
/// already registered.
void register_product(Products& products);

}  // namespace samverkan::adapters::print_folder
