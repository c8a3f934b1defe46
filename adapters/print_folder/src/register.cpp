#include "samverkan/adapters/print_folder/register.hpp"

#include <memory>
#include <string>

#include "samverkan/adapters/print_folder/folder_print_vendor.hpp"

namespace samverkan::adapters::print_folder {

void register_product(Products& products) {
  products.add<PrintVendor>(std::string(kProduct), "a print vendor's drop folder (outbox, option customer)",
                            [](ProductSettings& settings, const ProductContext& context) {
                              const OutboxSettings& outbox = settings.outbox();
                              return std::make_unique<FolderPrintVendor>(outbox, settings.option("customer"),
                                                                         context.backend);
                            });
}

}  // namespace samverkan::adapters::print_folder
