#include "samverkan/config/cooperation.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/core/error.hpp"
#include "support/fixture_expectations.hpp"
#include "support/temp_dir.hpp"

namespace config = samverkan::config;
namespace ids = samverkan::ids;
namespace fs = std::filesystem;

namespace {

fs::path xsd_dir() { return samverkan::test::source_dir() / "xsd"; }
fs::path bad_dir() { return samverkan::test::source_dir() / "tests/libcore/config/bad"; }

// Loads `file`, which must fail; returns the error.
std::optional<config::ConfigError> load_failure(const fs::path& file) {
  try {
    config::load_cooperation(file, xsd_dir());
  } catch (const config::ConfigError& error) {
    return error;
  }
  return std::nullopt;
}

// Restores (or removes) an environment variable at the end of a test.
class EnvGuard {
 public:
  explicit EnvGuard(const char* name) : name_(name) {
    if (const char* value = std::getenv(name)) saved_ = value;
  }
  ~EnvGuard() {
    if (saved_) {
      ::setenv(name_, saved_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  const char* name_;
  std::optional<std::string> saved_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cooperation_test)

BOOST_AUTO_TEST_CASE(example_hoglandet_loads) {
  const fs::path file = samverkan::test::source_dir() / "examples/hoglandet/cooperation.xml";
  const config::Cooperation cooperation = config::load_cooperation(file, xsd_dir());

  BOOST_TEST(cooperation.id == "hoglandet");
  BOOST_TEST(cooperation.name == "Höglandets IT");
  BOOST_TEST(cooperation.host.str() == "0682");
  BOOST_TEST(cooperation.source_file == file);
  BOOST_REQUIRE_EQUAL(cooperation.members.size(), 5U);

  std::vector<std::string> codes;
  for (const auto& member : cooperation.members) codes.push_back(member.code.str());
  BOOST_TEST(codes == (std::vector<std::string>{"0604", "0686", "0682", "0684", "0685"}),
             boost::test_tools::per_element());

  for (const auto& member : cooperation.members) {
    BOOST_TEST_CONTEXT(member.short_name) {
      BOOST_TEST((member.organisation_number.legal_form_group() == ids::LegalFormGroup::kPublic));
      BOOST_TEST(member.code.county_code() == "06");
      BOOST_TEST(member.name == member.short_name + " kommun");
      BOOST_TEST(member.contact.email.find('@') != std::string::npos);
      BOOST_TEST(member.contact.website.rfind("https://", 0) == 0U);
      BOOST_TEST(member.branding.primary_color.size() == 7U);
      BOOST_TEST(member.boards.size() >= 5U);
      BOOST_TEST(member.units.size() >= 2U);
      const bool has_ks = std::any_of(member.boards.begin(), member.boards.end(),
                                      [](const auto& b) { return b.prefix == "KS" && b.name == "Kommunstyrelsen"; });
      BOOST_TEST(has_ks);
    }
  }

  const config::Municipality* host = cooperation.find(cooperation.host);
  BOOST_REQUIRE(host != nullptr);
  BOOST_TEST(host->name == "Nässjö kommun");
  BOOST_TEST(host->organisation_number.formatted() == "212000-0829");
  BOOST_TEST(host->contact.phone == "0380-51 80 00");
  BOOST_TEST(host->contact.address == "Nässjö kommun, 571 80 Nässjö");
  BOOST_TEST(host->branding.logo_url == "https://www.nassjo.se/logo.svg");
  const bool has_overformyndare = std::any_of(host->boards.begin(), host->boards.end(), [](const config::Board& board) {
    return board.prefix == "ÖFN" && board.name == "Överförmyndarnämnden";
  });
  BOOST_TEST(has_overformyndare);

  const config::Municipality* savsjo = cooperation.find(ids::Kommunkod::parse("0684"));
  BOOST_REQUIRE(savsjo != nullptr);
  BOOST_TEST(savsjo->short_name == "Sävsjö");
  BOOST_TEST(savsjo->branding.logo_url.empty());
  BOOST_REQUIRE_EQUAL(savsjo->units.size(), 2U);
  BOOST_TEST(savsjo->units[0].id == "medborgarkontoret");
  BOOST_TEST(savsjo->units[0].name == "Medborgarkontoret");

  BOOST_TEST(cooperation.find(ids::Kommunkod::parse("0680")) == nullptr);  // Jönköping

  // <publicInformation>: Eksjö's statement and notice as written; Vetlanda has none yet.
  const config::Municipality* eksjo = cooperation.find(ids::Kommunkod::parse("0686"));
  BOOST_REQUIRE(eksjo != nullptr);
  BOOST_REQUIRE(eksjo->accessibility.has_value());
  BOOST_TEST(eksjo->accessibility->compliance == "partial");
  BOOST_TEST(eksjo->accessibility->method == "self");
  BOOST_TEST(eksjo->accessibility->assessed == "2026-11-30");
  BOOST_TEST(eksjo->accessibility->updated == "2026-12-01");
  BOOST_REQUIRE_EQUAL(eksjo->accessibility->shortcomings.size(), 2U);
  BOOST_TEST(eksjo->accessibility->shortcomings[1] == "Kartor i felanmälan saknar textalternativ för platsen.");
  BOOST_TEST(eksjo->accessibility->report_email == "tillganglighet@eksjo.se");
  BOOST_REQUIRE(eksjo->privacy.has_value());
  BOOST_TEST(eksjo->privacy->dpo_email == "dataskyddsombud@eksjo.se");
  BOOST_TEST(eksjo->privacy->dpo_phone.empty());
  BOOST_TEST(eksjo->privacy->retention.find("dokumenthanteringsplan") != std::string::npos);
  const config::Municipality* vetlanda = cooperation.find(ids::Kommunkod::parse("0685"));
  BOOST_REQUIRE(vetlanda != nullptr);
  BOOST_TEST(!vetlanda->accessibility.has_value());
  BOOST_TEST(!vetlanda->privacy.has_value());
}

BOOST_AUTO_TEST_CASE(the_required_bad_fixtures_exist) {
  for (const char* name :
       {"unknown_element.xml", "bad_kommunkod_pattern.xml", "unknown_county_code.xml", "bad_org_number_luhn.xml",
        "org_number_of_company.xml", "duplicate_member.xml", "duplicate_board_prefix.xml", "duplicate_unit_id.xml",
        "host_not_member.xml", "malformed.xml", "doctype_xxe.xml", "doctype_billion_laughs.xml", "missing_element.xml",
        "many_problems.xml", "bad_accessibility_compliance.xml"}) {
    BOOST_TEST(fs::is_regular_file(bad_dir() / name), name);
  }
}

// Each bad fixture fails with exactly the diagnostics it announces: right file, right line,
// message containing the fragment, nothing else (so libxml2's noise stays out).
BOOST_AUTO_TEST_CASE(bad_fixtures_report_file_line_and_reason) {
  std::size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(bad_dir())) {
    if (entry.path().extension() != ".xml") continue;
    const fs::path& file = entry.path();
    BOOST_TEST_CONTEXT(file.filename().string()) {
      const auto error = load_failure(file);
      BOOST_REQUIRE_MESSAGE(error.has_value(), "the file loaded without error");
      const auto& diagnostics = error->diagnostics();
      samverkan::test::check_announced_diagnostics(file, diagnostics);
      const std::string what = error->what();
      BOOST_TEST_MESSAGE(what);
      for (const auto& expectation : samverkan::test::expectations_of(file)) {
        BOOST_TEST(what.find(file.string() + ":" + std::to_string(expectation.line) + ": ") != std::string::npos, what);
      }
      for (const auto& d : diagnostics) {
        // Readable: no namespace noise in the messages.
        BOOST_TEST(d.message.find("{urn:samverkan") == std::string::npos, d.message);
      }
      ++checked;
    }
  }
  BOOST_TEST(checked >= 15U);
}

BOOST_AUTO_TEST_CASE(xxe_is_not_expanded) {
  const auto error = load_failure(bad_dir() / "doctype_xxe.xml");
  BOOST_REQUIRE(error.has_value());
  const std::string what = error->what();
  BOOST_TEST(what.find("root:") == std::string::npos);  // a line of /etc/passwd
  BOOST_TEST(what.find("DOCTYPE is not allowed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(diagnostics_come_in_line_order_one_per_line_of_what) {
  const fs::path file = bad_dir() / "many_problems.xml";
  const auto error = load_failure(file);
  BOOST_REQUIRE(error.has_value());
  const auto& diagnostics = error->diagnostics();
  BOOST_REQUIRE_EQUAL(diagnostics.size(), 4U);
  BOOST_TEST(std::is_sorted(diagnostics.begin(), diagnostics.end(),
                            [](const auto& a, const auto& b) { return a.line < b.line; }));
  std::string expected_what;
  for (const auto& d : diagnostics) {
    if (!expected_what.empty()) expected_what += '\n';
    expected_what += file.string() + ":" + std::to_string(d.line) + ": " + d.message;
  }
  BOOST_TEST(std::string(error->what()) == expected_what);
  // ConfigError is an InvalidInput, so the HTTP layer and main treat it like other bad input.
  const samverkan::InvalidInput& base = *error;
  BOOST_TEST((base.kind() == samverkan::ErrorKind::kInvalidInput));
}

BOOST_AUTO_TEST_CASE(values_are_whitespace_collapsed) {
  samverkan::test::TempDir dir;
  const std::string text =
      samverkan::test::read_file(samverkan::test::source_dir() / "examples/hoglandet/cooperation.xml");
  std::string spaced = text;
  const std::string from = "<name>Höglandets IT</name>";
  spaced.replace(spaced.find(from), from.size(), "<name>\n    Höglandets   IT\n  </name>");
  const auto file = dir.write("cooperation.xml", spaced);
  const auto cooperation = config::load_cooperation(file, xsd_dir());
  BOOST_TEST(cooperation.name == "Höglandets IT");
}

BOOST_AUTO_TEST_CASE(unreadable_file_is_a_config_error) {
  samverkan::test::TempDir dir;
  const fs::path missing = dir / "missing.xml";
  const auto error = load_failure(missing);
  BOOST_REQUIRE(error.has_value());
  BOOST_REQUIRE_EQUAL(error->diagnostics().size(), 1U);
  BOOST_TEST(error->diagnostics()[0].file == missing.string());
  BOOST_TEST(error->diagnostics()[0].line == 0);
  BOOST_TEST(std::string(error->what()).find("cannot read file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_schema_is_a_config_error_naming_the_schema) {
  samverkan::test::TempDir dir;
  const fs::path file = samverkan::test::source_dir() / "examples/hoglandet/cooperation.xml";
  BOOST_CHECK_EXCEPTION(config::load_cooperation(file, dir.path()), config::ConfigError,
                        [&](const config::ConfigError& error) {
                          const std::string what = error.what();
                          return what.find((dir / "cooperation.xsd").string()) != std::string::npos;
                        });
}

BOOST_AUTO_TEST_CASE(default_xsd_dir_prefers_the_environment_then_the_source_tree) {
  EnvGuard guard("SAMVERKAN_XSD_DIR");
  ::setenv("SAMVERKAN_XSD_DIR", "/opt/elsewhere/xsd", 1);
  BOOST_TEST(config::default_xsd_dir() == fs::path("/opt/elsewhere/xsd"));
  ::setenv("SAMVERKAN_XSD_DIR", "", 1);  // empty counts as unset
  BOOST_TEST(fs::equivalent(config::default_xsd_dir(), xsd_dir()));
  ::unsetenv("SAMVERKAN_XSD_DIR");
  BOOST_TEST(fs::equivalent(config::default_xsd_dir(), xsd_dir()));
  BOOST_TEST(fs::is_regular_file(config::default_xsd_dir() / "cooperation.xsd"));
}

BOOST_AUTO_TEST_CASE(a_member_named_by_untrusted_text_or_not_found) {
  const auto cooperation = config::load_cooperation(
      samverkan::test::source_dir() / "examples/hoglandet/cooperation.xml", samverkan::test::source_dir() / "xsd");
  BOOST_TEST(cooperation.require_member("0686").short_name == "Eksjö");
  for (const char* unknown : {"0180", "06O4", "", "0686/../0604"}) {
    BOOST_CHECK_EXCEPTION(cooperation.require_member(unknown), samverkan::NotFound,
                          [](const samverkan::NotFound& e) { return std::string(e.what()) == "no such municipality"; });
  }
}

BOOST_AUTO_TEST_SUITE_END()
