#include "samverkan/eservices/definition.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/fixture_expectations.hpp"
#include "support/temp_dir.hpp"

namespace eservices = samverkan::eservices;
namespace fs = std::filesystem;
using eservices::FieldType;

namespace {

fs::path xsd_dir() { return samverkan::test::source_dir() / "xsd"; }
fs::path bad_dir() { return samverkan::test::source_dir() / "tests/services/eservices/bad"; }
fs::path examples_dir() { return samverkan::test::source_dir() / "examples/hoglandet/eservices"; }

std::optional<eservices::DefinitionError> load_failure(const fs::path& file) {
  try {
    eservices::load_definition_file(file, xsd_dir());
  } catch (const eservices::DefinitionError& error) {
    return error;
  }
  return std::nullopt;
}

using samverkan::test::describe;

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

const std::string kValid = R"(<?xml version="1.0" encoding="UTF-8"?>
<eservice xmlns="urn:samverkan:eservice:1" id="mini" version="3">
  <title><sv>Mini</sv><en>Mini</en></title>
  <description><sv>Liten.</sv><en>Small.</en></description>
  <owner>0686</owner>
  <category>other</category>
  <login required="false"/>
  <steps>
    <step id="only">
      <title><sv>Enda</sv><en>Only</en></title>
      <text id="name"><label><sv>Namn</sv><en>Name</en></label></text>
    </step>
  </steps>
  <onSubmit><createErrand/></onSubmit>
</eservice>
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(definition_test)

BOOST_AUTO_TEST_CASE(the_three_examples_load) {
  const auto files = files_in(examples_dir());
  BOOST_TEST_REQUIRE(files.size() >= 3u);
  for (const auto& file : files) {
    BOOST_TEST_CONTEXT(file.filename().string()) {
      try {
        const auto definition = eservices::load_definition_file(file, xsd_dir());
        BOOST_TEST(definition.version() >= 1);
        BOOST_TEST(definition.steps().size() >= 2u, "multi-step");
        const auto fields = definition.fields();
        BOOST_TEST(
            std::any_of(fields.begin(), fields.end(), [](const auto* f) { return f->type == FieldType::kAttachment; }),
            "has an attachment");
        BOOST_TEST(std::any_of(fields.begin(), fields.end(), [](const auto* f) { return !f->show_when.empty(); }),
                   "uses conditions");
        for (const auto* field : fields) {
          BOOST_TEST(!field->label.sv.empty());
          BOOST_TEST(!field->label.en.empty());
        }
      } catch (const eservices::DefinitionError& error) {
        BOOST_FAIL(file.filename().string() << " was rejected:" << describe(error.diagnostics()));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(skolskjuts_is_read_into_the_model) {
  const auto definition = eservices::load_definition_file(examples_dir() / "skolskjuts.xml", xsd_dir());
  BOOST_TEST(definition.id() == "skolskjuts");
  BOOST_TEST(definition.version() == 1);
  BOOST_TEST(definition.owner().str() == "0682");
  BOOST_TEST(definition.title().sv == "Ansökan om skolskjuts");
  BOOST_TEST(definition.title().en == "Application for school transport");
  BOOST_TEST((definition.category() == eservices::Category::kEducation));
  BOOST_TEST((definition.login_level() == eservices::LoginLevel::kSubstantial));
  BOOST_TEST(definition.login_required());
  BOOST_TEST(definition.steps().size() == 3u);
  BOOST_TEST(definition.steps()[0].id == "child");

  const auto* distance = definition.find_field("distance-km");
  BOOST_TEST_REQUIRE(distance != nullptr);
  BOOST_TEST((distance->type == FieldType::kNumber));
  BOOST_TEST(distance->min.value_or(-1) == 0.0);
  BOOST_TEST(distance->max.value_or(-1) == 200.0);
  BOOST_TEST(distance->decimals == 1u);
  BOOST_TEST(distance->unit == "km");
  BOOST_TEST_REQUIRE(distance->show_when.size() == 1u);
  BOOST_TEST(distance->show_when[0].field == "reason");
  BOOST_TEST((distance->show_when[0].test == eservices::Condition::Test::kEquals));
  BOOST_TEST(distance->show_when[0].value == "distance");

  const auto* certificate = definition.find_field("certificate");
  BOOST_TEST_REQUIRE(certificate != nullptr);
  BOOST_TEST(certificate->max_bytes == 10485760u);
  BOOST_TEST(certificate->accept == (std::vector<std::string>{"application/pdf", "image/jpeg", "image/png"}));

  const auto* year = definition.find_field("school-year");
  BOOST_TEST_REQUIRE(year != nullptr);
  BOOST_TEST(year->display_as_list);
  BOOST_TEST(year->options.size() == 4u);
  BOOST_TEST(year->find_option("4-6") != nullptr);
  BOOST_TEST(year->find_option("10") == nullptr);

  BOOST_TEST(definition.find_field("no-such-field") == nullptr);
  BOOST_TEST_REQUIRE(definition.on_submit().register_case.has_value());
  BOOST_TEST(definition.on_submit().register_case->board == "BUN");
  BOOST_TEST(definition.on_submit().register_case->case_type == "Skolskjuts");
  BOOST_TEST(definition.on_submit().send_receipt);
  BOOST_TEST(definition.on_submit().receipt_email_field == "guardian-email");
  BOOST_TEST(definition.digest().size() == 64u);
}

BOOST_AUTO_TEST_CASE(defaults_and_digest) {
  const auto definition = eservices::parse_definition(kValid, "mini.xml", xsd_dir());
  BOOST_TEST(!definition.login_required());
  BOOST_TEST(definition.find_field("name")->max_length == 200u, "text defaults to 200 characters");
  BOOST_TEST(!definition.find_field("name")->required);
  BOOST_TEST(!definition.on_submit().send_receipt);
  BOOST_TEST(!definition.on_submit().register_case.has_value());
  BOOST_TEST(definition.source() == kValid);

  // The digest is of the exact bytes: the same text gives the same digest, any change another.
  BOOST_TEST(eservices::parse_definition(kValid, "again.xml", xsd_dir()).digest() == definition.digest());
  std::string changed = kValid;
  changed.replace(changed.find("Liten."), 6, "Litet.");
  BOOST_TEST(eservices::parse_definition(changed, "changed.xml", xsd_dir()).digest() != definition.digest());
}

BOOST_AUTO_TEST_CASE(every_bad_fixture_is_rejected_with_its_file_line_and_message) {
  const auto files = files_in(bad_dir());
  BOOST_TEST_REQUIRE(files.size() >= 10u);
  for (const auto& file : files) {
    BOOST_TEST_CONTEXT(file.filename().string()) {
      const auto error = load_failure(file);
      BOOST_TEST_REQUIRE(error.has_value(), "must be rejected");
      samverkan::test::check_announced_diagnostics(file, error->diagnostics());
      const auto expected = samverkan::test::expectations_of(file);
      // what() is "file:line: message" lines.
      BOOST_TEST(std::string(error->what()).find(file.string() + ":" + std::to_string(expected.front().line) + ": ") !=
                 std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(all_problems_are_reported_at_once_sorted_by_line) {
  std::string text = kValid;
  // Three problems: a schema one (category), a semantic one (login level), a pattern.
  text.replace(text.find("<category>other</category>"), 26, "<category>sports</category>");
  text.replace(text.find("<login required=\"false\"/>"), 25, "<login required=\"true\"/>");
  text.replace(text.find("<text id=\"name\">"), 16, "<text id=\"name\" minLength=\"9\" maxLength=\"3\">");
  try {
    eservices::parse_definition(text, "three.xml", xsd_dir());
    BOOST_FAIL("accepted");
  } catch (const eservices::DefinitionError& error) {
    const auto& d = error.diagnostics();
    BOOST_TEST_REQUIRE(d.size() == 3u, describe(d));
    BOOST_TEST(d[0].line == 6);
    BOOST_TEST(d[0].message.find("category") != std::string::npos);
    BOOST_TEST(d[1].line == 7);
    BOOST_TEST(d[2].line == 11);
    BOOST_TEST(d[2].message == "field 'name': minLength 9 is greater than maxLength 3");
  }
}

BOOST_AUTO_TEST_CASE(a_definition_in_another_namespace_or_empty_is_rejected) {
  std::string text = kValid;
  text.replace(text.find("urn:samverkan:eservice:1"), 24, "urn:samverkan:eservice:2");
  BOOST_CHECK_THROW(eservices::parse_definition(text, "ns.xml", xsd_dir()), eservices::DefinitionError);
  BOOST_CHECK_THROW(eservices::parse_definition("", "empty.xml", xsd_dir()), eservices::DefinitionError);
  BOOST_CHECK_THROW(eservices::load_definition_file(bad_dir() / "no-such-file.xml", xsd_dir()),
                    eservices::DefinitionError);
}

BOOST_AUTO_TEST_CASE(patterns_are_anchored_and_safe_from_several_threads) {
  const auto definition = eservices::load_definition_file(examples_dir() / "livsmedelsanlaggning.xml", xsd_dir());
  const auto* postcode = definition.find_field("postcode");
  BOOST_TEST_REQUIRE(postcode != nullptr);
  BOOST_TEST(definition.matches_pattern(*postcode, "574 80"));
  BOOST_TEST(definition.matches_pattern(*postcode, "57480"));
  BOOST_TEST(!definition.matches_pattern(*postcode, "x57480"), "anchored at the start");
  BOOST_TEST(!definition.matches_pattern(*postcode, "574801"), "anchored at the end");
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (!definition.matches_pattern(*postcode, "574 80") || definition.matches_pattern(*postcode, "5748")) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
