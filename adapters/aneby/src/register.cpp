#include "samverkan/adapters/aneby/register.hpp"

#include <memory>

#include "samverkan/adapters/aneby/brevservice_print_vendor.hpp"
#include "samverkan/adapters/standard_adapters.hpp"

namespace samverkan::adapters::aneby {
namespace {

// Aneby has no card system or HR adapter: only the service desk and identity management.
constexpr StandardAdapters kStandard{.kommunkod = kKommunkod,
                                     .name = "Aneby",
                                     .it_service_desk = "aneby.it.servicedesk",
                                     .permission_system = "aneby.permissions.idm"};

}  // namespace

void register_adapters(adapters::Registry& registry, const AdapterSettings& settings) {
  const auto code = ids::Kommunkod::parse(kKommunkod);
  settings.expect_municipality(code, "Aneby (0604)");
  for (const AdapterSetting& s : settings.adapters) {
    if (s.kind != AdapterKind::kPrintVendor) {
      register_standard_adapter(registry, s, kStandard);
      continue;
    }
    // Aneby's own print-and-post contract, over the vendor's REST API.
    expect_implementation(s, "Aneby", {"aneby.print.brevservice"});
    registry.register_print_vendor(code, s.name, s.build([&] {
      return std::make_unique<BrevservicePrintVendor>(s.require_rest_api(), s.require_option("customer"));
    }));
  }
}

}  // namespace samverkan::adapters::aneby
