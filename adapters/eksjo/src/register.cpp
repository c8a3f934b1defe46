#include "samverkan/adapters/eksjo/register.hpp"

#include <memory>

#include "samverkan/adapters/eksjo/personec_hr_system.hpp"
#include "samverkan/adapters/standard_adapters.hpp"
#include "samverkan/core/clock.hpp"

namespace samverkan::adapters::eksjo {
namespace {

constexpr StandardAdapters kStandard{.kommunkod = kKommunkod,
                                     .name = "Eksjö",
                                     .property_access = "eksjo.property.arx",
                                     .card_system = "Eksjö Kommunfastigheter card system",
                                     .it_service_desk = "eksjo.it.servicedesk",
                                     .permission_system = "eksjo.permissions.idm",
                                     .print_vendor = "eksjo.print.folder"};

}  // namespace

void register_adapters(adapters::Registry& registry, const AdapterSettings& settings) {
  const auto code = ids::Kommunkod::parse(kKommunkod);
  settings.expect_municipality(code, "Eksjö (0686)");
  for (const AdapterSetting& s : settings.adapters) {
    if (s.kind != AdapterKind::kHrSystem) {
      register_standard_adapter(registry, s, kStandard);
      continue;
    }
    // Eksjö's own: Personec P through its CSV export and change files.
    expect_implementation(s, "Eksjö", {"eksjo.hr.personec"});
    registry.register_hr_system(code, s.name, s.build([&] {
      return std::make_unique<PersonecHrSystem>(s.require_csv_export(), s.require_outbox(), SystemClock::instance());
    }));
  }
}

}  // namespace samverkan::adapters::eksjo
