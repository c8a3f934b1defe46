#include "samverkan/adapters/registry.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"

namespace adapters = samverkan::adapters;
namespace ids = samverkan::ids;

namespace {

// The smallest HrSystem there is: it knows one employment.
class FixedHrSystem final : public adapters::HrSystem {
 public:
  explicit FixedHrSystem(std::string label) : label_(std::move(label)) {}
  adapters::Employee employee(std::string_view) override {
    return adapters::Employee{"1", label_, "Test", ids::Personnummer::parse("19121212-1212"), {}, {}, {}, {}, {}};
  }
  adapters::OrderReceipt report_change(const adapters::EmploymentChange&) override { return {"r1", false}; }
  adapters::OrderReceipt register_employment(const adapters::NewEmployment&) override { return {"n1", false}; }

 private:
  std::string label_;
};

class NullPrintVendor final : public adapters::PrintVendor {
 public:
  adapters::OrderReceipt submit(const adapters::PrintJob&) override { return {"p1", false}; }
  adapters::PrintJobState job_status(std::string_view id) override { return {std::string(id), {}, {}}; }
  adapters::OrderReceipt submit_manifest(const adapters::PrintBatchManifest&) override { return {"b1", false}; }
};

const ids::Kommunkod kAneby = ids::Kommunkod::parse("0604");
const ids::Kommunkod kEksjo = ids::Kommunkod::parse("0686");

template <typename Error, typename Body>
std::string message_of(Body&& body) {
  try {
    body();
  } catch (const Error& error) {
    return error.what();
  }
  BOOST_FAIL("expected an exception");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registry_test)

BOOST_AUTO_TEST_CASE(registered_adapters_are_found_by_municipality_and_kind) {
  adapters::Registry registry;
  registry.register_hr_system(kEksjo, "eksjo.hr.personec", std::make_unique<FixedHrSystem>("Eksjö"));
  registry.add<adapters::HrSystem>(kAneby, "aneby.hr.test", std::make_unique<FixedHrSystem>("Aneby"));

  BOOST_TEST(registry.hr_system(kEksjo).employee("1").given_name == "Eksjö");
  BOOST_TEST(registry.get<adapters::HrSystem>(kAneby).employee("1").given_name == "Aneby");
  BOOST_TEST(registry.find<adapters::PrintVendor>(kEksjo) == nullptr);
  BOOST_TEST(registry.has(kEksjo, adapters::AdapterKind::kHrSystem));
  BOOST_TEST(!registry.has(kEksjo, adapters::AdapterKind::kPrintVendor));
  BOOST_TEST(registry.implementation_name(kEksjo, adapters::AdapterKind::kHrSystem) == "eksjo.hr.personec");

  const auto entries = registry.entries();
  BOOST_REQUIRE(entries.size() == 2u);
  BOOST_TEST(entries[0].municipality.str() == "0604");  // ordered by code
  BOOST_TEST(entries[1].name == "eksjo.hr.personec");
}

BOOST_AUTO_TEST_CASE(a_missing_adapter_is_not_found_with_a_clear_message) {
  const samverkan::config::Cooperation cooperation{
      "hoglandet",
      "Höglandets IT",
      kAneby,
      {samverkan::config::Municipality{kAneby,
                                       samverkan::ids::Organisationsnummer::parse("212000-0043"),
                                       "Aneby kommun",
                                       "Aneby",
                                       {},
                                       {},
                                       {},
                                       {},
                                       samverkan::adapters::AdapterSettings{kAneby}}},
      {}};
  adapters::Registry named(cooperation);
  BOOST_TEST(message_of<samverkan::NotFound>([&] { named.property_access(kAneby); }) ==
             "Aneby (0604) has no PropertyAccess adapter");
  BOOST_TEST(message_of<samverkan::NotFound>([&] {
               named.implementation_name(kAneby, adapters::AdapterKind::kCaseSystem);
             }) == "Aneby (0604) has no CaseSystem adapter");

  adapters::Registry unnamed;
  BOOST_TEST(message_of<samverkan::NotFound>([&] { unnamed.print_vendor(kEksjo); }) ==
             "0686 has no PrintVendor adapter");
  unnamed.set_municipality_name(kEksjo, "Eksjö");
  BOOST_TEST(message_of<samverkan::NotFound>([&] { unnamed.print_vendor(kEksjo); }) ==
             "Eksjö (0686) has no PrintVendor adapter");
}

BOOST_AUTO_TEST_CASE(a_duplicate_key_is_an_internal_error_naming_both) {
  adapters::Registry registry;
  registry.set_municipality_name(kEksjo, "Eksjö");
  registry.register_hr_system(kEksjo, "eksjo.hr.personec", std::make_unique<FixedHrSystem>("a"));
  const std::string message = message_of<samverkan::InternalError>(
      [&] { registry.register_hr_system(kEksjo, "eksjo.hr.heroma", std::make_unique<FixedHrSystem>("b")); });
  BOOST_TEST(message.find("Eksjö (0686) HrSystem") != std::string::npos, message);
  BOOST_TEST(message.find("eksjo.hr.personec") != std::string::npos, message);
  BOOST_TEST(message.find("eksjo.hr.heroma") != std::string::npos, message);
  // The first registration is untouched.
  BOOST_TEST(registry.hr_system(kEksjo).employee("1").given_name == "a");
}

BOOST_AUTO_TEST_CASE(an_implementation_name_is_unique_across_the_registry) {
  adapters::Registry registry;
  registry.register_hr_system(kEksjo, "shared.hr.system", std::make_unique<FixedHrSystem>("a"));
  const std::string message = message_of<samverkan::InternalError>(
      [&] { registry.register_hr_system(kAneby, "shared.hr.system", std::make_unique<FixedHrSystem>("b")); });
  BOOST_TEST(message.find("0686 HrSystem") != std::string::npos, message);
  BOOST_TEST(message.find("0604 HrSystem") != std::string::npos, message);
  BOOST_TEST(!registry.has(kAneby, adapters::AdapterKind::kHrSystem));
}

BOOST_AUTO_TEST_CASE(bad_registrations_are_internal_errors) {
  adapters::Registry registry;
  for (const char* name : {"", "eksjo", "Eksjo.hr", "eksjo..hr", "eksjo.hr.", "-eksjo.hr", "eksjo.h r", "eksjö.hr"}) {
    BOOST_CHECK_THROW(registry.register_hr_system(kEksjo, name, std::make_unique<FixedHrSystem>("a")),
                      samverkan::InternalError);
  }
  BOOST_CHECK_THROW(registry.register_print_vendor(kEksjo, "eksjo.print.null", nullptr), samverkan::InternalError);
  BOOST_TEST(registry.entries().empty());
}

BOOST_AUTO_TEST_CASE(a_frozen_registry_refuses_registration) {
  adapters::Registry registry;
  registry.register_print_vendor(kEksjo, "eksjo.print.null", std::make_unique<NullPrintVendor>());
  registry.freeze();
  registry.freeze();  // idempotent
  BOOST_TEST(registry.frozen());
  const std::string message = message_of<samverkan::InternalError>(
      [&] { registry.register_hr_system(kEksjo, "eksjo.hr.late", std::make_unique<FixedHrSystem>("a")); });
  BOOST_TEST(message.find("frozen") != std::string::npos, message);
  BOOST_TEST(registry.print_vendor(kEksjo).submit(adapters::PrintJob{adapters::IdempotencyKey::parse("k")}).id == "p1");
}

BOOST_AUTO_TEST_CASE(concurrent_reads_after_start_up) {
  adapters::Registry registry;
  registry.register_hr_system(kEksjo, "eksjo.hr.personec", std::make_unique<FixedHrSystem>("x"));
  registry.freeze();
  std::atomic<int> found{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (registry.find<adapters::HrSystem>(kEksjo) != nullptr) ++found;
        if (registry.find<adapters::HrSystem>(kAneby) == nullptr) ++found;
      }
    });
  }
  for (auto& reader : readers) reader.join();
  BOOST_TEST(found.load() == 8 * 2000 * 2);
}

BOOST_AUTO_TEST_CASE(kinds_have_stable_names) {
  BOOST_TEST(adapters::to_string(adapters::AdapterKind::kPropertyAccess) == "PropertyAccess");
  for (const auto kind : adapters::kAllAdapterKinds) {
    BOOST_TEST((adapters::adapter_kind_from_string(adapters::to_string(kind)) == kind));
  }
  BOOST_TEST(!adapters::adapter_kind_from_string("propertyaccess").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
