// compare_definitions (eservices/definition_changes.hpp): the summary of what changed between two
// versions of school transport, each change made on its own in a copy of the example.
#include <boost/test/unit_test.hpp>

#include "samverkan/eservices/definition_changes.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
using eservices::DefinitionChange;
using Kind = DefinitionChange::Kind;

namespace {

std::string school_transport() {
  return test::read_file(test::source_dir() / "examples/hoglandet/eservices/skolskjuts.xml");
}

eservices::Definition parse(const std::string& xml) {
  return eservices::parse_definition(xml, "skolskjuts.xml", test::source_dir() / "xsd");
}

/// Version 2 with `from` replaced by `to` (which must be there).
eservices::Definition changed(const std::string& from, const std::string& to) {
  std::string xml = school_transport();
  xml.replace(xml.find(R"(version="1")"), 11, R"(version="2")");
  const auto at = xml.find(from);
  BOOST_TEST_REQUIRE(at != std::string::npos, from);
  xml.replace(at, from.size(), to);
  return parse(xml);
}

std::vector<DefinitionChange> against_v1(const eservices::Definition& v2) {
  return eservices::compare_definitions(parse(school_transport()), v2);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(definition_changes_test)

BOOST_AUTO_TEST_CASE(the_same_form_has_no_changes) {
  BOOST_TEST(against_v1(changed("<sv>Barnet</sv>", "<sv>Barnet</sv>")).empty());
}

BOOST_AUTO_TEST_CASE(each_kind_of_change_is_named_with_its_subject) {
  using Changes = std::vector<DefinitionChange>;
  BOOST_TEST(
      (against_v1(changed("<sv>Ansökan om skolskjuts</sv>", "<sv>Skolskjuts</sv>")) == Changes{{Kind::kTitle, ""}}));
  BOOST_TEST((against_v1(changed("<category>education</category>", "<category>other</category>")) ==
              Changes{{Kind::kCategory, ""}}));
  BOOST_TEST((against_v1(changed(R"(level="substantial")", R"(level="high")")) == Changes{{Kind::kLoginLevel, ""}}));
  BOOST_TEST((against_v1(changed(R"(caseType="Skolskjuts")", R"(caseType="Skolskjuts grundskola")")) ==
              Changes{{Kind::kOnSubmit, ""}}));
  BOOST_TEST((against_v1(changed("<sv>Barnet</sv>", "<sv>Eleven</sv>")) == Changes{{Kind::kStepText, "child"}}));
  BOOST_TEST((against_v1(changed("<sv>Barnets namn</sv>", "<sv>Elevens namn</sv>")) ==
              Changes{{Kind::kFieldText, "child-name"}}));
  BOOST_TEST((against_v1(changed(R"(<text id="school" required="true")", R"(<text id="school" required="false")")) ==
              Changes{{Kind::kFieldRequired, "school"}}));
  BOOST_TEST((against_v1(changed(R"(<option value="7-9">)", R"(<option value="7-10">)")) ==
              Changes{{Kind::kFieldOptions, "school-year"}}));
  BOOST_TEST((against_v1(changed(R"(min="0" max="200")", R"(min="0" max="100")")) ==
              Changes{{Kind::kFieldRules, "distance-km"}}));
  BOOST_TEST((against_v1(changed(R"(<showWhen field="reason" equals="traffic"/>)",
                                 R"(<showWhen field="reason" equals="distance"/>)")) ==
              Changes{{Kind::kFieldRules, "traffic-description"}}));
  // A field replaced by another: the new one added, the old one removed.
  BOOST_TEST((against_v1(changed(R"(<text id="school" required="true" maxLength="100">)",
                                 R"(<text id="school-name" required="true" maxLength="100">)")) ==
              Changes{{Kind::kFieldAdded, "school-name"}, {Kind::kFieldRemoved, "school"}}));
  BOOST_TEST(to_string(Kind::kFieldAdded) == "field-added");
  BOOST_TEST(to_string(Kind::kLoginLevel) == "login-level");
}

BOOST_AUTO_TEST_SUITE_END()
