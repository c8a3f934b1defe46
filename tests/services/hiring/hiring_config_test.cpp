// The hiring settings of the cooperation file (xsd/hiring.xsd, config/hiring.hpp): every bad
// fixture in bad/ fails with exactly the diagnostics it announces, and a member that runs hiring
// must bind the four systems the process orders from (check-config and serve share the check).
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/server/products.hpp"
#include "support/fixture_expectations.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
namespace fs = std::filesystem;

namespace {

fs::path here() { return test::source_dir() / "tests/services/hiring"; }

std::vector<config::Diagnostic> diagnostics_of(const fs::path& file) {
  try {
    config::load_cooperation(file, test::source_dir() / "xsd");
  } catch (const config::ConfigError& error) {
    return error.diagnostics();
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hiring_config_test)

BOOST_AUTO_TEST_CASE(the_test_cooperation_loads) {
  const auto cooperation = config::load_cooperation(here() / "hiring_cooperation.xml", test::source_dir() / "xsd");
  BOOST_REQUIRE(cooperation.members.size() == 3u);
  const auto& lekeberg = *cooperation.members[0].hiring;
  BOOST_TEST(!lekeberg.adopted_from.has_value());
  BOOST_TEST(lekeberg.units.size() == 2u);
  BOOST_TEST(lekeberg.units[0].name == "Hemtjänsten");
  BOOST_TEST(lekeberg.roles.size() == 4u);
  BOOST_TEST(lekeberg.find_role("lifecare", "utforare")->by_default);
  BOOST_TEST(lekeberg.find_role("lifecare", "utforare")->allowed_in("hemtjansten"));
  BOOST_TEST(!lekeberg.find_role("lifecare", "utforare")->allowed_in("gatuenheten"));
  BOOST_TEST(lekeberg.find_role("intranat", "lasare")->allowed_in("gatuenheten"));
  BOOST_TEST(lekeberg.contract.clauses.size() == 2u);
  BOOST_TEST(lekeberg.contract.secrecy_reference == "OSL 39 kap. 3 §");
  BOOST_TEST(lekeberg.hr_email == "hr@lekeberg.example");
}

BOOST_AUTO_TEST_CASE(bad_fixtures_report_file_line_and_reason) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(here() / "bad")) {
    BOOST_TEST_CONTEXT(entry.path().filename().string()) {
      test::check_announced_diagnostics(entry.path(), diagnostics_of(entry.path()));
    }
    ++checked;
  }
  BOOST_TEST(checked >= 7);
}

BOOST_AUTO_TEST_CASE(a_member_with_hiring_binds_the_four_systems) {
  // The test cooperation binds no systems at all: each member that runs hiring lacks all four.
  const auto cooperation = config::load_cooperation(here() / "hiring_cooperation.xml", test::source_dir() / "xsd");
  const auto products = server::product_catalogue({});
  try {
    server::bind_members(cooperation, products, nullptr);
    BOOST_FAIL("a member that runs hiring without its systems was accepted");
  } catch (const config::ConfigError& error) {
    BOOST_TEST(error.diagnostics().size() == 12u, test::describe(error.diagnostics()));
    for (const auto& d : error.diagnostics()) BOOST_TEST(d.message.ends_with(", which hiring needs"), d.message);
    const std::string all = test::describe(error.diagnostics());
    for (const char* kind : {"HR system", "IT service desk", "property access system", "permission system"}) {
      BOOST_TEST(all.find(kind) != std::string::npos, kind);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
