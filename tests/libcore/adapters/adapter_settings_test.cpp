#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/config/cooperation.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "samverkan/xml/document.hpp"
#include "support/error_message.hpp"
#include "support/fixture_expectations.hpp"
#include "support/temp_dir.hpp"

namespace adapters = samverkan::adapters;
namespace config = samverkan::config;
namespace fs = std::filesystem;

namespace {

fs::path xsd_dir() { return samverkan::test::source_dir() / "xsd"; }
fs::path settings_dir() { return samverkan::test::source_dir() / "tests/libcore/adapters/settings"; }
const samverkan::ids::Kommunkod& eksjo() {
  static const auto code = samverkan::ids::Kommunkod::parse("0686");
  return code;
}

std::vector<config::Diagnostic> failure_of(const fs::path& file) {
  try {
    adapters::load_adapter_settings(file, eksjo(), xsd_dir());
  } catch (const config::ConfigError& error) {
    return error.diagnostics();
  }
  return {};
}

using samverkan::test::describe;

}  // namespace

BOOST_AUTO_TEST_SUITE(adapter_settings_test)

BOOST_AUTO_TEST_CASE(a_complete_file_loads_with_paths_resolved_and_defaults_filled) {
  const fs::path file = settings_dir() / "good/full.xml";
  const auto settings = adapters::load_adapter_settings(file, eksjo(), xsd_dir());
  const fs::path base = settings_dir() / "good";

  BOOST_TEST(settings.municipality.str() == "0686");
  BOOST_TEST(settings.source_file == file);
  BOOST_REQUIRE_EQUAL(settings.bindings.size(), 4U);

  const auto* found = settings.find(adapters::AdapterKind::kHrSystem);
  BOOST_REQUIRE(found != nullptr);
  auto hr = *found;
  BOOST_TEST(hr.product() == "personec-csv");
  BOOST_TEST(hr.line() == 4);
  BOOST_TEST(hr.file() == file.string());
  const auto& csv = hr.csv_export();
  BOOST_TEST(csv.directory == base / "spool/personec-export");
  BOOST_TEST(csv.file_prefix == "anstallda_");
  BOOST_TEST((csv.encoding == adapters::TextEncoding::kWindows1252));
  BOOST_TEST(csv.delimiter == ';');
  BOOST_TEST(csv.max_age.count() == 30);
  const auto& import = hr.outbox();
  BOOST_TEST(import.directory == base / "spool/personec-import");
  BOOST_TEST(import.receipts == base / "spool/personec-import/receipts");
  BOOST_TEST(import.ledger == base / "spool/personec-import/.ledger");
  BOOST_TEST(hr.unused().empty());

  auto desk = *settings.find(adapters::AdapterKind::kItServiceDesk);
  const auto& rest = desk.rest_api();
  BOOST_TEST(rest.base_url == "https://servicedesk.hoglandet.example:8443/api/v1");
  BOOST_TEST(rest.ca_file == fs::path("/etc/ssl/hoglandet-ca.pem"));
  BOOST_TEST(rest.token_file == base / "secrets/servicedesk.token");
  BOOST_TEST(rest.timeout.count() == 20);
  BOOST_TEST(desk.option("customer") == "EKSJO");
  BOOST_TEST(desk.option_or("region", "") == "Höglandet");
  BOOST_TEST(desk.option_or("missing", "fallback") == "fallback");

  auto print = *settings.find(adapters::AdapterKind::kPrintVendor);
  BOOST_TEST(print.outbox().receipts == fs::path("/srv/print/receipts/eksjo"));
  BOOST_TEST(print.outbox().ledger == base / "ledger/print");

  BOOST_TEST(settings.find(adapters::AdapterKind::kCaseSystem) == nullptr);

  // The files the settings name, for the existence check of check-config and serve: the CA and
  // token files and the CSV export folder (outbox folders are not checked: see docs/adapters.md).
  BOOST_REQUIRE_EQUAL(hr.files().size(), 1U);
  BOOST_TEST(hr.files()[0].path == base / "spool/personec-export");
  BOOST_TEST(hr.files()[0].directory);
  BOOST_TEST(hr.files()[0].line == 7);
  BOOST_TEST(hr.files()[0].what == "csvExport directory");
  BOOST_REQUIRE_EQUAL(desk.files().size(), 2U);
  BOOST_TEST(desk.files()[0].path == fs::path("/etc/ssl/hoglandet-ca.pem"));
  BOOST_TEST(desk.files()[0].what == "restApi caFile");
  BOOST_TEST(desk.files()[1].what == "restApi tokenFile");
  BOOST_TEST(desk.files()[1].file == file.string());
  BOOST_TEST(!desk.files()[1].directory);
  BOOST_TEST(print.files().empty());
  BOOST_REQUIRE_EQUAL(settings.files.size(), 3U);  // all of them together, in file order
  BOOST_TEST(settings.files[0].what == "csvExport directory");
  BOOST_TEST(settings.files[2].what == "restApi tokenFile");
}

BOOST_AUTO_TEST_CASE(a_product_s_reads_are_recorded_and_the_rest_is_unused) {
  const fs::path file = settings_dir() / "good/full.xml";
  const auto settings = adapters::load_adapter_settings(file, eksjo(), xsd_dir());
  auto desk = *settings.find(adapters::AdapterKind::kItServiceDesk);

  // Nothing read: every setting is unused, each at its own line.
  auto unused = desk.unused();
  BOOST_TEST_CONTEXT(describe(unused)) {
    BOOST_REQUIRE_EQUAL(unused.size(), 3U);
    BOOST_TEST(unused[0].line == 11);
    BOOST_TEST(unused[0].message == "<restApi> is not a setting of product servicedesk-rest");
    BOOST_TEST(unused[1].line == 12);
    BOOST_TEST(unused[1].message == "option 'customer' is not a setting of product servicedesk-rest");
    BOOST_TEST(unused[2].message == "option 'region' is not a setting of product servicedesk-rest");
    BOOST_TEST(unused[2].file == file.string());
  }

  // Reading marks used; looking (has_*) does not.
  BOOST_TEST(desk.has_rest_api());
  BOOST_TEST(desk.has_option("region"));
  BOOST_TEST(!desk.has_outbox());
  desk.rest_api();
  desk.option("customer");
  unused = desk.unused();
  BOOST_REQUIRE_EQUAL(unused.size(), 1U);
  BOOST_TEST(unused[0].message == "option 'region' is not a setting of product servicedesk-rest");
  desk.option_or("region", "x");
  BOOST_TEST(desk.unused().empty());
  desk.reset_use();
  BOOST_TEST(desk.unused().size() == 3U);
}

BOOST_AUTO_TEST_CASE(every_bad_file_is_reported_with_its_lines) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(settings_dir() / "bad")) {
    const fs::path file = entry.path();
    BOOST_TEST_CONTEXT(file.filename().string()) {
      ++files;
      const auto diagnostics = failure_of(file);
      samverkan::test::check_announced_diagnostics(file, diagnostics);
      for (const auto& d : diagnostics) {
        BOOST_TEST(d.file == file.string());
        BOOST_TEST(d.line > 0, "a diagnostic without line: " << d.message);
        BOOST_TEST(d.message.find("urn:samverkan:adapters:2") == std::string::npos, d.message);
      }
    }
  }
  BOOST_TEST(files >= 10);
}

BOOST_AUTO_TEST_CASE(an_xxe_attempt_is_refused_before_any_entity_is_read) {
  samverkan::test::TempDir dir;
  const fs::path secret = dir.write("secret.txt", "TOP-SECRET-TOKEN");
  const fs::path file = dir.write("eksjo.xml",
                                  "<?xml version=\"1.0\"?>\n"
                                  "<!DOCTYPE adapters [<!ENTITY xxe SYSTEM \"file://" +
                                      secret.string() +
                                      "\">]>\n"
                                      "<adapters xmlns=\"urn:samverkan:adapters:2\">\n"
                                      "  <itServiceDesk product=\"servicedesk-rest\">\n"
                                      "    <option name=\"customer\">&xxe;</option>\n"
                                      "  </itServiceDesk>\n"
                                      "</adapters>\n");
  try {
    adapters::load_adapter_settings(file, eksjo(), xsd_dir());
    BOOST_FAIL("the file was accepted");
  } catch (const config::ConfigError& error) {
    BOOST_REQUIRE_EQUAL(error.diagnostics().size(), 1U);
    BOOST_TEST(error.diagnostics().front().line == 2);
    BOOST_TEST(error.diagnostics().front().message == "DOCTYPE is not allowed");
    BOOST_TEST(std::string(error.what()).find("TOP-SECRET") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(an_unreadable_file_is_a_config_error) {
  const auto diagnostics = failure_of(settings_dir() / "no-such-file.xml");
  BOOST_REQUIRE_EQUAL(diagnostics.size(), 1U);
  BOOST_TEST(diagnostics.front().message.find("cannot read") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_setting_is_reported_at_the_binding_s_line) {
  const auto settings = adapters::load_adapter_settings(settings_dir() / "good/full.xml", eksjo(), xsd_dir());
  auto property = *settings.find(adapters::AdapterKind::kPropertyAccess);

  auto diagnostics = samverkan::test::diagnostics_of([&] { property.rest_api(); });
  BOOST_REQUIRE_EQUAL(diagnostics.size(), 1U);
  BOOST_TEST(diagnostics.front().line == 19);
  BOOST_TEST(diagnostics.front().message == "product access-card-folder needs a <restApi> element");

  diagnostics = samverkan::test::diagnostics_of([&] { property.option("customer"); });
  BOOST_TEST(diagnostics.front().message == "product access-card-folder needs <option name=\"customer\">");
  diagnostics = samverkan::test::diagnostics_of([&] { property.csv_export(); });
  BOOST_TEST(diagnostics.front().message == "product access-card-folder needs a <csvExport> element");
  BOOST_TEST(property.outbox().directory == settings_dir() / "good/spool/arx");
  BOOST_TEST(property.unused().empty(), "a failed read marks nothing");
}

// The cooperation file carries each member's settings; load_cooperation validates them with the
// rest of the file and reports their problems with the file's other problems, by line.
constexpr const char* kCooperationHead = R"(<?xml version="1.0" encoding="UTF-8"?>
<cooperation xmlns="urn:samverkan:cooperation:1" id="test">
  <name>Test</name>
  <host>0685</host>
  <members>
    <municipality code="0685">
      <organisationNumber>212000-0050</organisationNumber>
      <name>Vetlanda kommun</name>
      <shortName>Vetlanda</shortName>
      <contact><email>kommun@vetlanda.se</email><phone>0383-970 00</phone>
        <address>Vetlanda kommun, 574 80 Vetlanda</address><website>https://www.vetlanda.se</website></contact>
      <branding><primaryColor>#005EA5</primaryColor></branding>
      <boards><board prefix="KS">Kommunstyrelsen</board></boards>
)";  // 13 lines: the next line is line 14

BOOST_AUTO_TEST_CASE(settings_inside_the_cooperation_file_are_read_per_member) {
  samverkan::test::TempDir dir;
  const fs::path file =
      dir.write("cooperation.xml", std::string(kCooperationHead) + R"(      <adapters xmlns="urn:samverkan:adapters:2">
        <propertyAccess product="access-card-folder">
          <outbox directory="spool/rcard"/>
        </propertyAccess>
      </adapters>
    </municipality>
  </members>
</cooperation>
)");
  const auto cooperation = config::load_cooperation(file, xsd_dir());
  const auto& settings = cooperation.members.at(0).adapters;
  BOOST_TEST(settings.municipality.str() == "0685");
  BOOST_TEST(settings.source_file == file);
  BOOST_REQUIRE_EQUAL(settings.bindings.size(), 1U);
  BOOST_TEST(settings.bindings.front().line() == 15);
  BOOST_TEST(settings.bindings.front().product() == "access-card-folder");
  auto binding = settings.bindings.front();
  BOOST_TEST(binding.outbox().directory == dir.path() / "spool/rcard");
  BOOST_TEST(cooperation.members.at(0).line == 6);
}

BOOST_AUTO_TEST_CASE(a_member_without_adapters_has_an_empty_list) {
  samverkan::test::TempDir dir;
  const fs::path file = dir.write(
      "cooperation.xml", std::string(kCooperationHead) + "    </municipality>\n  </members>\n</cooperation>\n");
  const auto cooperation = config::load_cooperation(file, xsd_dir());
  BOOST_TEST(cooperation.members.at(0).adapters.bindings.empty());
  BOOST_TEST(cooperation.members.at(0).adapters.municipality.str() == "0685");
}

BOOST_AUTO_TEST_CASE(problems_in_the_settings_are_reported_with_the_rest_of_the_file) {
  samverkan::test::TempDir dir;
  const fs::path file =
      dir.write("cooperation.xml", std::string(kCooperationHead) + R"(      <adapters xmlns="urn:samverkan:adapters:2">
        <propertyAccess product="access-card-folder"/>
        <printVendor product="print-rest">
          <restApi baseUrl="http://plain.example"/>
        </printVendor>
        <propertyAccess product="access-card-rest"/>
      </adapters>
      <units><unit id="late">After the adapters</unit></units>
    </municipality>
  </members>
</cooperation>
)");
  const auto diagnostics = samverkan::test::diagnostics_of([&] { config::load_cooperation(file, xsd_dir()); });
  BOOST_TEST_CONTEXT(describe(diagnostics)) {
    bool duplicate = false, plain_http = false, order = false;
    for (const auto& d : diagnostics) {
      BOOST_TEST(d.file == file.string());
      BOOST_TEST(d.message.find("urn:samverkan") == std::string::npos, d.message);
      duplicate =
          duplicate || (d.line == 19 && d.message.find("<propertyAccess> is bound twice (first at line 15)") == 0U);
      plain_http = plain_http || (d.line == 17 && d.message.find("baseUrl") != std::string::npos);
      order = order || (d.line == 21 && d.message.find("units") != std::string::npos);
    }
    BOOST_TEST(duplicate);
    BOOST_TEST(plain_http);
    BOOST_TEST(order);
  }
}

BOOST_AUTO_TEST_SUITE_END()
