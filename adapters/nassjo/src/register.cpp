#include "samverkan/adapters/nassjo/register.hpp"

#include <memory>

#include "samverkan/adapters/nassjo/public360_case_system.hpp"
#include "samverkan/adapters/standard_adapters.hpp"

namespace samverkan::adapters::nassjo {
namespace {

constexpr StandardAdapters kStandard{.kommunkod = kKommunkod,
                                     .name = "Nässjö",
                                     .property_access = "nassjo.property.vaka",
                                     .card_system = "Nässjö card system",
                                     .it_service_desk = "nassjo.it.servicedesk",
                                     .permission_system = "nassjo.permissions.idm",
                                     .print_vendor = "nassjo.print.folder"};

}  // namespace

void register_adapters(adapters::Registry& registry, const AdapterSettings& settings) {
  const auto code = ids::Kommunkod::parse(kKommunkod);
  settings.expect_municipality(code, "Nässjö (0682)");
  for (const AdapterSetting& s : settings.adapters) {
    if (s.kind != AdapterKind::kCaseSystem) {
      register_standard_adapter(registry, s, kStandard);
      continue;
    }
    // Nässjö's own: Public 360 through its SIF REST API.
    expect_implementation(s, "Nässjö", {"nassjo.case.public360"});
    registry.register_case_system(
        code, s.name, s.build([&] { return std::make_unique<Public360CaseSystem>(s.require_rest_api()); }));
  }
}

}  // namespace samverkan::adapters::nassjo
