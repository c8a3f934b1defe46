#include "samverkan/adapters/aneby/register.hpp"

#include <memory>

#include "samverkan/adapters/aneby/brevservice_print_vendor.hpp"
#include "samverkan/adapters/rest_it_service_desk.hpp"
#include "samverkan/adapters/rest_permission_system.hpp"

namespace samverkan::adapters::aneby {

void register_adapters(adapters::Registry& registry, const AdapterSettings& settings) {
  const auto code = ids::Kommunkod::parse(kKommunkod);
  settings.expect_municipality(code, "Aneby (0604)");
  for (const AdapterSetting& s : settings.adapters) {
    switch (s.kind) {
      case AdapterKind::kPrintVendor:
        expect_implementation(s, "Aneby", {"aneby.print.brevservice"});
        registry.register_print_vendor(code, s.name, s.build([&] {
          return std::make_unique<BrevservicePrintVendor>(s.require_rest_api(), s.require_option("customer"));
        }));
        break;
      case AdapterKind::kItServiceDesk:
        expect_implementation(s, "Aneby", {"aneby.it.servicedesk"});
        registry.register_it_service_desk(code, s.name, s.build([&] {
          return std::make_unique<RestItServiceDesk>(s.require_rest_api(), s.require_option("customer"),
                                                     "Höglandets IT service desk");
        }));
        break;
      case AdapterKind::kPermissionSystem:
        expect_implementation(s, "Aneby", {"aneby.permissions.idm"});
        registry.register_permission_system(code, s.name, s.build([&] {
          return std::make_unique<RestPermissionSystem>(s.require_rest_api(), s.option_or("tenant", kKommunkod),
                                                        "Höglandets IT identity management");
        }));
        break;
      case AdapterKind::kHrSystem:
      case AdapterKind::kPropertyAccess:
      case AdapterKind::kCaseSystem:
        expect_implementation(s, "Aneby", {});
        break;
    }
  }
}

}  // namespace samverkan::adapters::aneby
