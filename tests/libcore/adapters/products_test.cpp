// The catalogue of products and the binder (libcore), with products of the test's own: what a
// wiring bug is (InternalError) and what an operator's configuration error is (ConfigError at
// the file and line), and that nothing is registered unless everything binds.
#include "samverkan/adapters/products.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "samverkan/adapters/product_binding.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"
#include "support/error_message.hpp"
#include "support/fixture_expectations.hpp"
#include "support/temp_dir.hpp"

namespace adapters = samverkan::adapters;
namespace config = samverkan::config;
namespace ids = samverkan::ids;
using samverkan::test::diagnostics_of;
using samverkan::test::message_of;

namespace {

const ids::Kommunkod kLjusdal = ids::Kommunkod::parse("2161");
const ids::Kommunkod kLekeberg = ids::Kommunkod::parse("1814");

// An HR system that remembers what its factory gave it.
class FakeHr final : public adapters::HrSystem {
 public:
  FakeHr(std::string url, std::string label) : base_url(std::move(url)), backend(std::move(label)) {}
  adapters::Employee employee(std::string_view) override { throw samverkan::NotFound(backend + " knows nobody"); }
  adapters::OrderReceipt report_change(const adapters::EmploymentChange&) override { return {"c", false}; }
  std::string base_url;
  std::string backend;
};

class FakeDiary final : public adapters::CaseSystem {
 public:
  adapters::CaseRegistration register_document(const adapters::IncomingDocument&) override {
    return {"KS 2026/1", "KS 2026/1-1", false};
  }
};

// "fake-hr" reads <restApi> and refuses a base URL with "refuse" in it; "fake-diary" is the
// default case system, built by the platform.
adapters::Products catalogue(int* diaries_built = nullptr) {
  adapters::Products products;
  products.add<adapters::HrSystem>("fake-hr", "a test HR system (restApi)",
                                   [](adapters::ProductSettings& settings, const adapters::ProductContext& context) {
                                     const auto& api = settings.rest_api();
                                     if (api.base_url.find("refuse") != std::string::npos) {
                                       throw samverkan::InvalidInput("the base URL is refused");
                                     }
                                     return std::make_unique<FakeHr>(api.base_url, context.backend);
                                   });
  products.add<adapters::HrSystem>("other-hr", "another",
                                   [](adapters::ProductSettings&, const adapters::ProductContext&) {
                                     return std::unique_ptr<adapters::HrSystem>();  // a wiring bug
                                   });
  products.add_platform<adapters::CaseSystem>(
      "fake-diary", "the platform's diary",
      [diaries_built](adapters::ProductSettings&, const adapters::ProductContext&) {
        if (diaries_built != nullptr) ++*diaries_built;
        return std::make_unique<FakeDiary>();
      });
  products.set_default(adapters::AdapterKind::kCaseSystem, "fake-diary");
  return products;
}

config::Municipality member(const ids::Kommunkod& code, const std::string& short_name, int line,
                            std::vector<adapters::ProductSettings> bindings, bool digital_mail = false) {
  config::Municipality result{code,
                              ids::Organisationsnummer::parse("212000-2163"),
                              short_name + " kommun",
                              short_name,
                              {},
                              {},
                              {},
                              {},
                              adapters::AdapterSettings{code, "coop.xml", std::move(bindings), {}},
                              std::nullopt,
                              line};
  if (digital_mail) result.digital_mail = config::DigitalMail{};
  return result;
}

adapters::ProductSettings hr(const std::string& product, int line, const std::string& base_url = "https://hr.example") {
  adapters::ProductSettings settings(adapters::AdapterKind::kHrSystem, product, "coop.xml", line);
  settings.set_rest_api(adapters::RestApiSettings{base_url, {}, {}, std::chrono::seconds(5)}, line + 1);
  return settings;
}

config::Cooperation cooperation(std::vector<config::Municipality> members) {
  return config::Cooperation{"test", "Test", members.front().code, std::move(members), "coop.xml", {}, {}};
}

bool has_digital_mail(const config::Municipality& m) { return m.digital_mail.has_value(); }
const adapters::ProcessNeed kNeeds[] = {{"a test process", adapters::AdapterKind::kHrSystem, has_digital_mail}};

}  // namespace

BOOST_AUTO_TEST_SUITE(products_test)

BOOST_AUTO_TEST_CASE(a_wiring_bug_in_the_catalogue_is_an_internal_error) {
  adapters::Products products = catalogue();
  const auto make = [](adapters::ProductSettings&, const adapters::ProductContext&) {
    return std::unique_ptr<adapters::PrintVendor>();
  };
  BOOST_TEST(message_of<samverkan::InternalError>([&] { products.add<adapters::PrintVendor>("fake-hr", "", make); }) ==
             "duplicate product key: product 'fake-hr' (PrintVendor) is already registered as a HrSystem product");
  for (const char* key : {"", "x", "Print", "print_folder", "-print", "print-", "print--folder", "9print"}) {
    BOOST_CHECK_THROW(products.add<adapters::PrintVendor>(key, "", make), samverkan::InternalError);
  }
  BOOST_CHECK_THROW(products.add<adapters::PrintVendor>("print-x", "", {}), samverkan::InternalError);
  BOOST_CHECK_THROW(products.set_default(adapters::AdapterKind::kPrintVendor, "fake-hr"), samverkan::InternalError);
  BOOST_CHECK_NO_THROW(products.add<adapters::PrintVendor>("print-2", "", make));

  BOOST_TEST(products.keys(adapters::AdapterKind::kHrSystem) == (std::vector<std::string>{"fake-hr", "other-hr"}),
             boost::test_tools::per_element());
  BOOST_TEST(products.find(adapters::AdapterKind::kCaseSystem, "fake-hr") == nullptr);
  BOOST_TEST(products.find(adapters::AdapterKind::kCaseSystem, "fake-diary")->platform);
  BOOST_TEST(adapters::registry_name(kLjusdal, adapters::AdapterKind::kItServiceDesk, "desk-rest") ==
             "2161.it-service-desk.desk-rest");
}

BOOST_AUTO_TEST_CASE(members_get_their_products_and_the_default_and_messages_name_the_member) {
  int diaries = 0;
  const auto products = catalogue(&diaries);
  const auto coop =
      cooperation({member(kLjusdal, "Ljusdal", 10, {hr("fake-hr", 12, "https://hr.ljusdal.example")}),
                   member(kLekeberg, "Lekeberg", 30, {hr("fake-hr", 32, "https://hr.lekeberg.example")})});
  adapters::Registry registry(coop);
  adapters::bind_products(coop, products, kNeeds, &registry);
  BOOST_TEST(diaries == 2);
  std::vector<std::string> names;
  for (const auto& entry : registry.entries()) names.push_back(entry.name);
  BOOST_TEST(names == (std::vector<std::string>{"1814.hr-system.fake-hr", "1814.case-system.fake-diary",
                                                "2161.hr-system.fake-hr", "2161.case-system.fake-diary"}),
             boost::test_tools::per_element());
  auto& ljusdal = dynamic_cast<FakeHr&>(registry.hr_system(kLjusdal));
  BOOST_TEST(ljusdal.base_url == "https://hr.ljusdal.example");
  BOOST_TEST(ljusdal.backend == "Ljusdal's HR system (fake-hr)");
  BOOST_TEST(dynamic_cast<FakeHr&>(registry.hr_system(kLekeberg)).base_url == "https://hr.lekeberg.example");

  // A check alone builds no platform product and registers nothing.
  diaries = 0;
  BOOST_CHECK_NO_THROW(adapters::bind_products(coop, products, kNeeds, nullptr));
  BOOST_TEST(diaries == 0);
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_at_its_line_and_nothing_is_registered) {
  const auto products = catalogue();
  auto unused = hr("fake-hr", 40);
  unused.set_option("region", "x", 42);
  adapters::ProductSettings diary_with_settings(adapters::AdapterKind::kCaseSystem, "fake-diary", "coop.xml", 44);
  diary_with_settings.set_option("prefix", "KS", 45);
  const auto coop = cooperation({
      member(kLjusdal, "Ljusdal", 10,
             {hr("heroma-csv", 12),
              adapters::ProductSettings(adapters::AdapterKind::kPrintVendor, "print", "coop.xml", 14)},
             true),
      member(kLekeberg, "Lekeberg", 30,
             {hr("fake-hr", 32, "https://refuse.example"), hr("fake-hr", 36), unused, diary_with_settings}),
  });
  adapters::Registry registry(coop);
  const auto diagnostics = diagnostics_of([&] { adapters::bind_products(coop, products, kNeeds, &registry); });
  BOOST_TEST_CONTEXT(samverkan::test::describe(diagnostics)) {
    // (Ljusdal's unknown HR product is reported once, not also as a missing HR system.)
    BOOST_REQUIRE_EQUAL(diagnostics.size(), 6U);
    BOOST_TEST(diagnostics[0].line == 12);
    BOOST_TEST(diagnostics[0].message == "unknown <hrSystem> product 'heroma-csv' (known: fake-hr, other-hr)");
    BOOST_TEST(diagnostics[1].line == 14);
    BOOST_TEST(diagnostics[1].message == "unknown <printVendor> product 'print' (known: none)");
    BOOST_TEST(diagnostics[2].line == 32);
    BOOST_TEST(diagnostics[2].message == "Lekeberg's HR system (fake-hr): the base URL is refused");
    BOOST_TEST(diagnostics[3].line == 36);
    BOOST_TEST(diagnostics[3].message == "<hrSystem> is bound twice (first at line 32); a member binds each kind once");
    BOOST_TEST(diagnostics[4].line == 40);
    BOOST_TEST(diagnostics[4].message == "<hrSystem> is bound twice (first at line 32); a member binds each kind once");
    BOOST_TEST(diagnostics[5].line == 45);
    BOOST_TEST(diagnostics[5].message == "option 'prefix' is not a setting of product fake-diary");
    for (const auto& d : diagnostics) BOOST_TEST(d.file == "coop.xml");
  }
  BOOST_TEST(registry.entries().empty(), "nothing is registered from a cooperation that does not bind");
}

BOOST_AUTO_TEST_CASE(a_member_that_runs_a_process_needs_its_kinds) {
  const auto products = catalogue();
  // Ljusdal runs the process (it has digital mail) and binds no HR system; Lekeberg does not run it.
  const auto coop = cooperation({member(kLjusdal, "Ljusdal", 10, {}, true), member(kLekeberg, "Lekeberg", 30, {})});
  const auto diagnostics = diagnostics_of([&] { adapters::bind_products(coop, products, kNeeds, nullptr); });
  BOOST_REQUIRE_EQUAL(diagnostics.size(), 1U);
  BOOST_TEST(diagnostics[0].line == 10);
  BOOST_TEST(diagnostics[0].message == "Ljusdal binds no <hrSystem> (HR system), which a test process needs");
  // A kind with a default product is never missing.
  const adapters::ProcessNeed diary_need[] = {
      {"a diary process", adapters::AdapterKind::kCaseSystem, has_digital_mail}};
  BOOST_CHECK_NO_THROW(adapters::bind_products(coop, products, diary_need, nullptr));
  BOOST_CHECK_NO_THROW(adapters::bind_products(
      cooperation({member(kLjusdal, "Ljusdal", 10, {hr("fake-hr", 12)}, true)}), products, kNeeds, nullptr));
}

BOOST_AUTO_TEST_CASE(a_factory_that_builds_nothing_is_an_internal_error) {
  const auto products = catalogue();
  const auto coop = cooperation({member(kLjusdal, "Ljusdal", 10, {hr("other-hr", 12)})});
  adapters::Registry registry(coop);
  BOOST_CHECK_THROW(adapters::bind_products(coop, products, kNeeds, &registry), samverkan::InternalError);
}

BOOST_AUTO_TEST_CASE(files_the_cooperation_names_must_exist) {
  samverkan::test::TempDir dir;
  dir.write("token", "t");
  std::filesystem::create_directories(dir / "export");
  const std::vector<config::FileReference> references{
      {dir / "token", "restApi tokenFile", "coop.xml", 3, false},
      {dir / "no-such.pem", "restApi caFile", "coop.xml", 4, false},
      {dir / "export", "csvExport directory", "coop.xml", 5, true},
      {dir / "token", "csvExport directory", "coop.xml", 6, true},
      {dir / "export", "<signing> keyFile", "coop.xml", 7, false},
  };
  const auto problems = config::check_referenced_files(references);
  BOOST_REQUIRE_EQUAL(problems.size(), 3U);
  BOOST_TEST(problems[0].line == 4);
  BOOST_TEST(problems[0].message == "restApi caFile " + (dir / "no-such.pem").string() + " does not exist");
  BOOST_TEST(problems[1].message == "csvExport directory " + (dir / "token").string() + " is not a folder");
  BOOST_TEST(problems[2].message == "<signing> keyFile " + (dir / "export").string() + " is not a file");

  // In a cooperation: its own files and each binding's; a binding with a missing file is
  // reported for the file and not built (its base URL would be refused too).
  auto binding = hr("fake-hr", 12, "https://refuse.example");
  binding.add_file({dir / "gone.token", "restApi tokenFile", "coop.xml", 13, false});
  auto coop = cooperation({member(kLjusdal, "Ljusdal", 10, {binding})});
  coop.files = references;
  const auto diagnostics = diagnostics_of([&] { adapters::bind_products(coop, catalogue(), kNeeds, nullptr); });
  BOOST_TEST_CONTEXT(samverkan::test::describe(diagnostics)) {
    BOOST_REQUIRE_EQUAL(diagnostics.size(), 4U);
    BOOST_TEST(diagnostics[3].line == 13);
    BOOST_TEST(diagnostics[3].message == "restApi tokenFile " + (dir / "gone.token").string() + " does not exist");
  }
}

BOOST_AUTO_TEST_SUITE_END()
