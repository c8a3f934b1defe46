#include "samverkan/adapters/personec_csv/register.hpp"

#include <memory>
#include <string>

#include "samverkan/adapters/personec_csv/personec_hr_system.hpp"

namespace samverkan::adapters::personec_csv {

void register_product(Products& products) {
  products.add<HrSystem>(std::string(kProduct), "Personec P: CSV export folder and change-file import folder",
                         [](ProductSettings& settings, const ProductContext& context) {
                           const CsvExportSettings& exported = settings.csv_export();
                           return std::make_unique<PersonecHrSystem>(exported, settings.outbox(), *context.clock,
                                                                     context.backend);
                         });
}

}  // namespace samverkan::adapters::personec_csv
