#include "samverkan/adapters/nassjo/register.hpp"

#include <memory>

#include "samverkan/adapters/folder_print_vendor.hpp"
#include "samverkan/adapters/nassjo/public360_case_system.hpp"
#include "samverkan/adapters/outbox_property_access.hpp"
#include "samverkan/adapters/rest_it_service_desk.hpp"
#include "samverkan/adapters/rest_permission_system.hpp"

namespace samverkan::adapters::nassjo {

void register_adapters(adapters::Registry& registry, const AdapterSettings& settings) {
  const auto code = ids::Kommunkod::parse(kKommunkod);
  settings.expect_municipality(code, "Nässjö (0682)");
  for (const AdapterSetting& s : settings.adapters) {
    switch (s.kind) {
      case AdapterKind::kCaseSystem:
        expect_implementation(s, "Nässjö", {"nassjo.case.public360"});
        registry.register_case_system(
            code, s.name, s.build([&] { return std::make_unique<Public360CaseSystem>(s.require_rest_api()); }));
        break;
      case AdapterKind::kPropertyAccess:
        expect_implementation(s, "Nässjö", {"nassjo.property.vaka"});
        registry.register_property_access(code, s.name, s.build([&] {
          return std::make_unique<OutboxPropertyAccess>(s.require_outbox(), code, "Nässjö card system");
        }));
        break;
      case AdapterKind::kItServiceDesk:
        expect_implementation(s, "Nässjö", {"nassjo.it.servicedesk"});
        registry.register_it_service_desk(code, s.name, s.build([&] {
          return std::make_unique<RestItServiceDesk>(s.require_rest_api(), s.require_option("customer"),
                                                     "Höglandets IT service desk");
        }));
        break;
      case AdapterKind::kPermissionSystem:
        expect_implementation(s, "Nässjö", {"nassjo.permissions.idm"});
        registry.register_permission_system(code, s.name, s.build([&] {
          return std::make_unique<RestPermissionSystem>(s.require_rest_api(), s.option_or("tenant", kKommunkod),
                                                        "Höglandets IT identity management");
        }));
        break;
      case AdapterKind::kPrintVendor:
        expect_implementation(s, "Nässjö", {"nassjo.print.folder"});
        registry.register_print_vendor(code, s.name, s.build([&] {
          return std::make_unique<FolderPrintVendor>(s.require_outbox(), s.require_option("customer"),
                                                     "the print vendor's drop folder");
        }));
        break;
      case AdapterKind::kHrSystem:
        expect_implementation(s, "Nässjö", {});
        break;
    }
  }
}

}  // namespace samverkan::adapters::nassjo
