// No code outside examples/ and tests/ names a member municipality, a kommunkod or a
// cooperation (ARCHITECTURE.md): every name, short name and kommunkod of every
// examples/*/cooperation.xml, and every cooperation's name and id, is looked for as a whole
// word in every file under libcore/, services/ and adapters/.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "support/member_names.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using samverkan::test::ForbiddenName;
using samverkan::test::NameFinding;

namespace {

std::vector<ForbiddenName> example_names(int& cooperations) {
  std::vector<ForbiddenName> names;
  cooperations = 0;
  for (const auto& entry : fs::directory_iterator(samverkan::test::source_dir() / "examples")) {
    const fs::path file = entry.path() / "cooperation.xml";
    if (!fs::exists(file)) continue;
    ++cooperations;
    const auto cooperation = samverkan::config::load_cooperation(file, samverkan::test::source_dir() / "xsd");
    for (auto& name : samverkan::test::forbidden_names(cooperation, "examples/" + entry.path().filename().string())) {
      names.push_back(std::move(name));
    }
  }
  return names;
}

bool has(const std::vector<ForbiddenName>& names, const std::string& text) {
  return std::any_of(names.begin(), names.end(), [&](const ForbiddenName& n) { return n.text == text; });
}

std::vector<std::string> found(std::string_view text, const std::vector<ForbiddenName>& names) {
  std::vector<std::string> result;
  for (const auto& finding : samverkan::test::scan_text(text, names, "planted.cpp")) {
    result.push_back(std::to_string(finding.line) + ":" + finding.text);
  }
  return result;
}

// A cooperation of two members, as the examples give them.
samverkan::config::Cooperation planted_cooperation() {
  using samverkan::config::Municipality;
  const auto org = samverkan::ids::Organisationsnummer::parse("212000-0829");
  samverkan::config::Cooperation cooperation{
      "hoglandet", "Höglandets IT", samverkan::ids::Kommunkod::parse("0682"), {}, {}, {}, {}};
  for (const auto& [code, name, short_name] :
       {std::tuple{"0682", "Nässjö kommun", "Nässjö"}, std::tuple{"1470", "Vara kommun", "Vara"}}) {
    const auto kommunkod = samverkan::ids::Kommunkod::parse(code);
    cooperation.members.push_back(Municipality{kommunkod,
                                               org,
                                               name,
                                               short_name,
                                               {},
                                               {},
                                               {},
                                               {},
                                               samverkan::adapters::AdapterSettings{kommunkod},
                                               std::nullopt,
                                               0});
  }
  return cooperation;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(member_names_test)

BOOST_AUTO_TEST_CASE(the_names_come_from_every_example_cooperation) {
  int cooperations = 0;
  const auto names = example_names(cooperations);
  BOOST_TEST(cooperations >= 1);
  for (const char* expected : {"Eksjö", "eksjo", "EKSJO", "Eksjo", "Eksjös", "Nässjö kommun", "nassjo", "0686", "0604",
                               "Höglandets IT", "hoglandet", "Höglandet", "Hoglandet"}) {
    BOOST_TEST(has(names, expected), expected);
  }
}

BOOST_AUTO_TEST_CASE(the_scanner_finds_planted_names_as_whole_words_only) {
  const auto names = samverkan::test::forbidden_names(planted_cooperation(), "planted");
  // Found: identifiers, camel case, genitives, codes in strings, cooperation names and ids.
  BOOST_TEST(found("namespace nassjo {", names) == std::vector<std::string>{"1:nassjo"},
             boost::test_tools::per_element());
  BOOST_TEST(found("int x;\nconstexpr auto kNassjoCode = \"0682\";", names) ==
                 (std::vector<std::string>{"2:0682", "2:Nassjo"}),
             boost::test_tools::per_element());
  BOOST_TEST(
      found("// Nässjös diary and Nässjö's print vendor", names) == (std::vector<std::string>{"1:Nässjö", "1:Nässjös"}),
      boost::test_tools::per_element());
  BOOST_TEST(found("customer HIT-0682, NASSJO-1", names) == (std::vector<std::string>{"1:0682", "1:NASSJO"}),
             boost::test_tools::per_element());
  BOOST_TEST(found("run by Höglandets IT at https://desk.hoglandet.example for Höglandet", names) ==
                 (std::vector<std::string>{"1:Höglandet", "1:Höglandets", "1:Höglandets IT", "1:hoglandet"}),
             boost::test_tools::per_element());
  BOOST_TEST(found("Vara kommun", names) == (std::vector<std::string>{"1:Vara", "1:Vara kommun"}),
             boost::test_tools::per_element());
  // Not found: parts of longer words and numbers, and the Swedish word "vara".
  BOOST_TEST(found("nassjoish Nässjöboarna 10682 06823 0x0682 v0682", names).empty());
  BOOST_TEST(found("Svaret får vara högst 10 000 tecken.", names).empty());
  BOOST_TEST(samverkan::test::ascii_fold("Ålänningen Ärlig Örn é ü") == "Alanningen Arlig Orn e u");
}

BOOST_AUTO_TEST_CASE(the_scanner_reads_every_file_of_a_folder) {
  samverkan::test::TempDir dir;
  fs::create_directories(dir / "a/b");
  dir.write("a/b/deep.mustache", "<p>{{name}}</p>\n<p>Nässjö</p>\n");
  dir.write("a/clean.cpp", "int main() {}\n");
  int files = 0;
  const auto findings = samverkan::test::scan_folder(
      dir.path(), samverkan::test::forbidden_names(planted_cooperation(), "planted"), files);
  BOOST_TEST(files == 2);
  BOOST_REQUIRE_EQUAL(findings.size(), 1U);
  BOOST_TEST(findings[0].file == dir / "a/b/deep.mustache");
  BOOST_TEST(findings[0].line == 2);
}

// Applied migrations cannot change (their checksum is checked against every database), so
// the example codes in these comments stay: each exception names its file, line and text.
struct Exception {
  const char* file;
  int line;
  const char* text;
};
constexpr Exception kImmutable[] = {
    {"libcore/migrations/0004_auth.sql", 4, "0604"},
    {"services/mailbox/migrations/3060_print_batch.sql", 4, "0604"},
};

bool immutable(const NameFinding& finding) {
  const auto file = fs::relative(finding.file, samverkan::test::source_dir()).string();
  return std::any_of(std::begin(kImmutable), std::end(kImmutable), [&](const Exception& e) {
    return file == e.file && finding.line == e.line && finding.text == e.text;
  });
}

BOOST_AUTO_TEST_CASE(no_code_names_a_member_a_kommunkod_or_a_cooperation) {
  int cooperations = 0;
  const auto names = example_names(cooperations);
  int files = 0;
  std::vector<NameFinding> findings;
  for (const char* folder : {"libcore", "client", "services", "adapters"}) {
    for (auto& finding : samverkan::test::scan_folder(samverkan::test::source_dir() / folder, names, files)) {
      if (!immutable(finding)) findings.push_back(std::move(finding));
    }
  }
  BOOST_TEST(files > 300, "scanned " << files << " files");
  std::string report;
  for (const auto& f : findings) {
    report += "\n  " + fs::relative(f.file, samverkan::test::source_dir()).string() + ":" + std::to_string(f.line) +
              ": '" + f.text + "', " + f.why;
  }
  BOOST_TEST(findings.empty(), findings.size() << " names in code:" << report);
}

BOOST_AUTO_TEST_SUITE_END()
