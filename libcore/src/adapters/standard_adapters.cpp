#include "samverkan/adapters/standard_adapters.hpp"

#include <initializer_list>
#include <memory>
#include <string>

#include "samverkan/adapters/folder_print_vendor.hpp"
#include "samverkan/adapters/outbox_property_access.hpp"
#include "samverkan/adapters/rest_it_service_desk.hpp"
#include "samverkan/adapters/rest_permission_system.hpp"

namespace samverkan::adapters {
namespace {

// The municipality's implementation of a kind, or none when it has no name for it.
void expect(const AdapterSetting& setting, std::string_view municipality, std::string_view implementation) {
  if (implementation.empty()) {
    expect_implementation(setting, municipality, {});
  } else {
    expect_implementation(setting, municipality, {implementation});
  }
}

}  // namespace

void register_standard_adapter(Registry& registry, const AdapterSetting& s, const StandardAdapters& wiring) {
  const auto code = ids::Kommunkod::parse(wiring.kommunkod);
  switch (s.kind) {
    case AdapterKind::kPropertyAccess:
      expect(s, wiring.name, wiring.property_access);
      registry.register_property_access(code, s.name, s.build([&] {
        return std::make_unique<OutboxPropertyAccess>(s.require_outbox(), code, std::string(wiring.card_system));
      }));
      break;
    case AdapterKind::kItServiceDesk:
      expect(s, wiring.name, wiring.it_service_desk);
      registry.register_it_service_desk(code, s.name, s.build([&] {
        return std::make_unique<RestItServiceDesk>(s.require_rest_api(), s.require_option("customer"),
                                                   "Höglandets IT service desk");
      }));
      break;
    case AdapterKind::kPermissionSystem:
      expect(s, wiring.name, wiring.permission_system);
      registry.register_permission_system(code, s.name, s.build([&] {
        return std::make_unique<RestPermissionSystem>(s.require_rest_api(), s.option_or("tenant", wiring.kommunkod),
                                                      "Höglandets IT identity management");
      }));
      break;
    case AdapterKind::kPrintVendor:
      expect(s, wiring.name, wiring.print_vendor);
      registry.register_print_vendor(code, s.name, s.build([&] {
        return std::make_unique<FolderPrintVendor>(s.require_outbox(), s.require_option("customer"),
                                                   "the print vendor's drop folder");
      }));
      break;
    case AdapterKind::kHrSystem:
    case AdapterKind::kCaseSystem:
      expect(s, wiring.name, {});  // no generic implementation
      break;
  }
}

void register_standard_adapters(Registry& registry, const AdapterSettings& settings, const StandardAdapters& wiring) {
  settings.expect_municipality(ids::Kommunkod::parse(wiring.kommunkod),
                               std::string(wiring.name) + " (" + std::string(wiring.kommunkod) + ")");
  for (const AdapterSetting& setting : settings.adapters) register_standard_adapter(registry, setting, wiring);
}

}  // namespace samverkan::adapters
