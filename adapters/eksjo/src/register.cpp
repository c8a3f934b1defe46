#include "samverkan/adapters/eksjo/register.hpp"

#include <memory>

#include "samverkan/adapters/eksjo/personec_hr_system.hpp"
#include "samverkan/adapters/folder_print_vendor.hpp"
#include "samverkan/adapters/outbox_property_access.hpp"
#include "samverkan/adapters/rest_it_service_desk.hpp"
#include "samverkan/adapters/rest_permission_system.hpp"
#include "samverkan/core/clock.hpp"

namespace samverkan::adapters::eksjo {

void register_adapters(adapters::Registry& registry, const AdapterSettings& settings) {
  const auto code = ids::Kommunkod::parse(kKommunkod);
  settings.expect_municipality(code, "Eksjö (0686)");
  for (const AdapterSetting& s : settings.adapters) {
    switch (s.kind) {
      case AdapterKind::kHrSystem:
        expect_implementation(s, "Eksjö", {"eksjo.hr.personec"});
        registry.register_hr_system(code, s.name, s.build([&] {
          return std::make_unique<PersonecHrSystem>(s.require_csv_export(), s.require_outbox(),
                                                    SystemClock::instance());
        }));
        break;
      case AdapterKind::kPropertyAccess:
        expect_implementation(s, "Eksjö", {"eksjo.property.arx"});
        registry.register_property_access(code, s.name, s.build([&] {
          return std::make_unique<OutboxPropertyAccess>(s.require_outbox(), code,
                                                        "Eksjö Kommunfastigheter card system");
        }));
        break;
      case AdapterKind::kItServiceDesk:
        expect_implementation(s, "Eksjö", {"eksjo.it.servicedesk"});
        registry.register_it_service_desk(code, s.name, s.build([&] {
          return std::make_unique<RestItServiceDesk>(s.require_rest_api(), s.require_option("customer"),
                                                     "Höglandets IT service desk");
        }));
        break;
      case AdapterKind::kPermissionSystem:
        expect_implementation(s, "Eksjö", {"eksjo.permissions.idm"});
        registry.register_permission_system(code, s.name, s.build([&] {
          return std::make_unique<RestPermissionSystem>(s.require_rest_api(), s.option_or("tenant", kKommunkod),
                                                        "Höglandets IT identity management");
        }));
        break;
      case AdapterKind::kPrintVendor:
        expect_implementation(s, "Eksjö", {"eksjo.print.folder"});
        registry.register_print_vendor(code, s.name, s.build([&] {
          return std::make_unique<FolderPrintVendor>(s.require_outbox(), s.require_option("customer"),
                                                     "the print vendor's drop folder");
        }));
        break;
      case AdapterKind::kCaseSystem:
        expect_implementation(s, "Eksjö", {});
        break;
    }
  }
}

}  // namespace samverkan::adapters::eksjo
