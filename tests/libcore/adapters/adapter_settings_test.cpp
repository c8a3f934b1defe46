#include "samverkan/adapters/adapter_settings.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "samverkan/xml/document.hpp"
#include "support/temp_dir.hpp"

namespace adapters = samverkan::adapters;
namespace config = samverkan::config;
namespace fs = std::filesystem;

namespace {

fs::path xsd_dir() { return samverkan::test::source_dir() / "xsd"; }
fs::path settings_dir() { return samverkan::test::source_dir() / "tests/libcore/adapters/settings"; }

struct Expectation {
  int line;
  std::string fragment;
};

// Every bad fixture says what it must produce in a comment on its second line:
//   <!-- expect 9: a second PrintVendor adapter | expect 12: ... -->
std::vector<Expectation> expectations_of(const fs::path& file) {
  const std::string text = samverkan::test::read_file(file);
  const auto first_newline = text.find('\n');
  const auto second_newline = text.find('\n', first_newline + 1);
  const std::string line = text.substr(first_newline + 1, second_newline - first_newline - 1);
  std::vector<Expectation> result;
  static const std::regex expect_pattern(R"(expect (\d+): (.*?)\s*(\||-->))");
  for (std::sregex_iterator it(line.begin(), line.end(), expect_pattern), end; it != end; ++it) {
    result.push_back(Expectation{std::stoi((*it)[1].str()), (*it)[2].str()});
  }
  return result;
}

std::vector<config::Diagnostic> failure_of(const fs::path& file) {
  try {
    adapters::load_adapter_settings(file, xsd_dir());
  } catch (const config::ConfigError& error) {
    return error.diagnostics();
  }
  return {};
}

std::string describe(const std::vector<config::Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) text += "\n  " + std::to_string(d.line) + ": " + d.message;
  return text;
}

template <typename Body>
std::vector<config::Diagnostic> config_error_of(Body&& body) {
  try {
    body();
  } catch (const config::ConfigError& error) {
    return error.diagnostics();
  }
  BOOST_FAIL("expected a ConfigError");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(adapter_settings_test)

BOOST_AUTO_TEST_CASE(a_complete_file_loads_with_paths_resolved_and_defaults_filled) {
  const fs::path file = settings_dir() / "good/full.xml";
  const auto settings = adapters::load_adapter_settings(file, xsd_dir());
  const fs::path base = settings_dir() / "good";

  BOOST_TEST(settings.municipality.str() == "0686");
  BOOST_TEST(settings.source_file == file);
  BOOST_REQUIRE_EQUAL(settings.adapters.size(), 4U);

  const auto* hr = settings.find(adapters::AdapterKind::kHrSystem);
  BOOST_REQUIRE(hr != nullptr);
  BOOST_TEST(hr->name == "eksjo.hr.personec");
  BOOST_TEST(hr->line == 4);
  BOOST_TEST(hr->file == file.string());
  const auto& csv = hr->require_csv_export();
  BOOST_TEST(csv.directory == base / "spool/personec-export");
  BOOST_TEST(csv.file_prefix == "anstallda_");
  BOOST_TEST((csv.encoding == adapters::TextEncoding::kWindows1252));
  BOOST_TEST(csv.delimiter == ';');
  BOOST_TEST(csv.max_age.count() == 30);
  const auto& import = hr->require_outbox();
  BOOST_TEST(import.directory == base / "spool/personec-import");
  BOOST_TEST(import.receipts == base / "spool/personec-import/receipts");
  BOOST_TEST(import.ledger == base / "spool/personec-import/.ledger");

  const auto* desk = settings.find(adapters::AdapterKind::kItServiceDesk);
  BOOST_REQUIRE(desk != nullptr);
  const auto& rest = desk->require_rest_api();
  BOOST_TEST(rest.base_url == "https://servicedesk.hoglandet.example:8443/api/v1");
  BOOST_TEST(rest.ca_file == fs::path("/etc/ssl/hoglandet-ca.pem"));
  BOOST_TEST(rest.token_file == base / "secrets/servicedesk.token");
  BOOST_TEST(rest.timeout.count() == 20);
  BOOST_TEST(desk->require_option("customer") == "EKSJO");
  BOOST_TEST(desk->option_or("region", "") == "Höglandet");
  BOOST_TEST(desk->option_or("missing", "fallback") == "fallback");

  const auto* print = settings.find(adapters::AdapterKind::kPrintVendor);
  BOOST_REQUIRE(print != nullptr);
  BOOST_TEST(print->require_outbox().receipts == fs::path("/srv/print/receipts/eksjo"));
  BOOST_TEST(print->require_outbox().ledger == base / "ledger/print");

  BOOST_TEST(settings.find(adapters::AdapterKind::kCaseSystem) == nullptr);
}

BOOST_AUTO_TEST_CASE(every_bad_file_is_reported_with_its_lines) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(settings_dir() / "bad")) {
    const fs::path file = entry.path();
    BOOST_TEST_CONTEXT(file.filename().string()) {
      ++files;
      const auto expectations = expectations_of(file);
      BOOST_REQUIRE(!expectations.empty());
      const auto diagnostics = failure_of(file);
      BOOST_REQUIRE_MESSAGE(!diagnostics.empty(), "the file was accepted");
      for (const auto& expected : expectations) {
        bool found = false;
        for (const auto& d : diagnostics) {
          found = found || (d.line == expected.line && d.message.find(expected.fragment) != std::string::npos);
        }
        BOOST_TEST(found, "no diagnostic at line " << expected.line << " with '" << expected.fragment << "' in"
                                                   << describe(diagnostics));
      }
      for (const auto& d : diagnostics) {
        BOOST_TEST(d.file == file.string());
        BOOST_TEST(d.line > 0, "a diagnostic without line: " << d.message);
        BOOST_TEST(d.message.find("urn:samverkan:adapters:1") == std::string::npos, d.message);
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
                                      "<adapters xmlns=\"urn:samverkan:adapters:1\" municipality=\"0686\">\n"
                                      "  <adapter kind=\"ItServiceDesk\" name=\"eksjo.it.servicedesk\">\n"
                                      "    <option name=\"customer\">&xxe;</option>\n"
                                      "  </adapter>\n"
                                      "</adapters>\n");
  try {
    adapters::load_adapter_settings(file, xsd_dir());
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

BOOST_AUTO_TEST_CASE(implementations_report_missing_parts_at_the_adapter_line) {
  const auto settings = adapters::load_adapter_settings(settings_dir() / "good/full.xml", xsd_dir());
  const auto* property = settings.find(adapters::AdapterKind::kPropertyAccess);
  BOOST_REQUIRE(property != nullptr);

  auto diagnostics = config_error_of([&] { property->require_rest_api(); });
  BOOST_REQUIRE_EQUAL(diagnostics.size(), 1U);
  BOOST_TEST(diagnostics.front().line == 19);
  BOOST_TEST(diagnostics.front().message == "adapter eksjo.property.arx needs a <restApi> element");

  diagnostics = config_error_of([&] { property->require_option("customer"); });
  BOOST_TEST(diagnostics.front().message == "adapter eksjo.property.arx needs <option name=\"customer\">");

  diagnostics = config_error_of([&] { adapters::expect_implementation(*property, "Eksjö", {"eksjo.property.vaka"}); });
  BOOST_TEST(diagnostics.front().message ==
             "Eksjö has no PropertyAccess implementation 'eksjo.property.arx' (known: eksjo.property.vaka)");
  BOOST_CHECK_NO_THROW(adapters::expect_implementation(*property, "Eksjö", {"x.y", "eksjo.property.arx"}));

  diagnostics = config_error_of(
      [&] { property->build([]() -> int { throw samverkan::InvalidInput("base URL is malformed"); }); });
  BOOST_TEST(diagnostics.front().message == "adapter eksjo.property.arx: base URL is malformed");
  BOOST_TEST(diagnostics.front().line == 19);

  diagnostics =
      config_error_of([&] { settings.expect_municipality(samverkan::ids::Kommunkod::parse("0604"), "Aneby (0604)"); });
  BOOST_TEST(diagnostics.front().message == "adapter settings for municipality 0686 given to Aneby (0604)");
}

BOOST_AUTO_TEST_CASE(a_list_nested_in_another_document_reads_the_same) {
  // The form the settings take once they move into the cooperation file.
  const auto document = samverkan::xml::parse_untrusted(R"(<?xml version="1.0"?>
<cooperation xmlns="urn:samverkan:cooperation:1" xmlns:a="urn:samverkan:adapters:1">
  <municipality code="0685">
    <adapters>
      <a:adapter kind="PropertyAccess" name="vetlanda.property.rcard">
        <a:outbox directory="orders"/>
      </a:adapter>
      <a:adapter kind="PrintVendor" name="vetlanda.print.folder"/>
      <a:adapter kind="PropertyAccess" name="vetlanda.property.other"/>
    </adapters>
  </municipality>
</cooperation>
)",
                                                        "cooperation.xml");
  const auto list = document.root()
                        .required_child("municipality", "urn:samverkan:cooperation:1")
                        .required_child("adapters", "urn:samverkan:cooperation:1");
  const auto vetlanda = samverkan::ids::Kommunkod::parse("0685");
  const auto diagnostics = config_error_of([&] { adapters::read_adapter_settings(list, vetlanda, "/etc/samverkan"); });
  BOOST_REQUIRE_EQUAL(diagnostics.size(), 1U);
  BOOST_TEST(diagnostics.front().file == "cooperation.xml");
  BOOST_TEST(diagnostics.front().line == 9);
  BOOST_TEST(diagnostics.front().message.find("a second PropertyAccess adapter (first defined at line 5)") == 0U);

  const auto valid = samverkan::xml::parse_untrusted(R"(<list xmlns="urn:samverkan:adapters:1">
  <adapter kind="PropertyAccess" name="vetlanda.property.rcard"><outbox directory="orders"/></adapter>
</list>)",
                                                     "cooperation.xml");
  const auto settings = adapters::read_adapter_settings(valid.root(), vetlanda, "/etc/samverkan");
  BOOST_TEST(settings.municipality.str() == "0685");
  BOOST_REQUIRE_EQUAL(settings.adapters.size(), 1U);
  BOOST_TEST(settings.adapters.front().require_outbox().directory == fs::path("/etc/samverkan/orders"));
}

BOOST_AUTO_TEST_SUITE_END()
