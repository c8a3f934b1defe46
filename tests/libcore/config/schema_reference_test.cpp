// The configuration reference generated from xsd/: what it says about real elements and
// attributes, that it follows named types, includes and recursion, its errors, that the
// committed docs/configuration-reference.md is current. (`samverkan config reference` is a thin
// wrapper in services/server/src/cli.cpp; this suite links libcore alone.)
#include "samverkan/config/schema_reference.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>

#include "samverkan/core/error.hpp"
#include "support/temp_dir.hpp"

namespace config = samverkan::config;
namespace fs = std::filesystem;

namespace {

fs::path xsd_dir() { return samverkan::test::source_dir() / "xsd"; }

// The subsection of the element at `path`, up to the next element or schema heading; "" when
// the reference has none.
std::string element_section(const std::string& reference, const std::string& path) {
  const std::string heading = "### `" + path + "`\n";
  const auto start = reference.find(heading);
  if (start == std::string::npos) return "";
  const auto end =
      std::min(reference.find("\n### ", start + heading.size()), reference.find("\n## ", start + heading.size()));
  return reference.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// What the generator refuses `dir` with; a note when it does not throw InvalidInput.
std::string refusal(const fs::path& dir) {
  try {
    config::schema_reference_markdown(dir);
  } catch (const samverkan::InvalidInput& error) {
    return error.what();
  }
  return "(no InvalidInput thrown)";
}

// The 1-based number of the first line where `a` and `b` differ.
std::size_t first_different_line(const std::string& a, const std::string& b) {
  const auto [in_a, in_b] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  (void)in_b;
  return 1 + static_cast<std::size_t>(std::count(a.begin(), in_a, '\n'));
}

constexpr const char* kSchemaHead =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:test" targetNamespace="urn:test"
           elementFormDefault="qualified">
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(schema_reference_test)

BOOST_AUTO_TEST_CASE(lists_the_elements_and_attributes_of_the_real_schemas_with_their_documentation) {
  const auto reference = config::schema_reference_markdown(xsd_dir());
  BOOST_TEST(reference.starts_with("# Configuration reference\n"));
  for (const char* schema : {"adapters.xsd", "cooperation.xsd", "eservice.xsd", "hiring.xsd"}) {
    BOOST_TEST(contains(reference, std::string("\n## ") + schema + "\n"), schema);
  }
  BOOST_TEST(contains(reference, "- Namespace: `urn:samverkan:cooperation:1`\n"));

  // The root, with its documentation and identity constraint.
  const auto cooperation = element_section(reference, "/cooperation");
  BOOST_TEST(contains(cooperation, "- Root element\n"), cooperation);
  BOOST_TEST(contains(cooperation, "- Type: `Cooperation`\n"), cooperation);
  BOOST_TEST(contains(cooperation, "- Children: `name, host, members, minaMeddelanden?`\n"), cooperation);
  BOOST_TEST(contains(cooperation, "The root element: one cooperation."), cooperation);
  BOOST_TEST(contains(cooperation, "unique `uniqueMunicipalityCode`"), cooperation);
  BOOST_TEST(contains(cooperation, "A municipality is a member only once."), cooperation);

  // An element of a named simple type, with the type's restrictions and its own documentation.
  const auto name = element_section(reference, "/cooperation/name");
  BOOST_TEST(contains(name, "- Occurs: `1..1` (required)\n"), name);
  BOOST_TEST(contains(name, "- Type: `Text` (`xs:token`; minLength 1; maxLength 200)\n"), name);
  BOOST_TEST(contains(name, "The cooperation's name, e.g. \"Höglandets IT\"."), name);

  // A repeated element of a named complex type: the type's documentation, and an attribute
  // without documentation of its own described by its type's.
  const auto municipality = element_section(reference, "/cooperation/members/municipality");
  BOOST_TEST(contains(municipality, "- Occurs: `1..unbounded` (required)\n"), municipality);
  BOOST_TEST(contains(municipality, "- Type: `Municipality`\n"), municipality);
  BOOST_TEST(contains(municipality, "One member municipality, identified by its kommunkod"), municipality);
  BOOST_TEST(contains(municipality,
                      "| `code` | `Kommunkod` (`xs:token`; pattern `[0-9]{4}`) | required | SCB's "
                      "four-digit municipality code (kommunkod)"),
             municipality);

  // An enumeration in an anonymous simple type.
  const auto accessibility =
      element_section(reference, "/cooperation/members/municipality/publicInformation/accessibility");
  BOOST_TEST(contains(accessibility, "- Occurs: `0..1` (optional)\n"), accessibility);
  BOOST_TEST(contains(accessibility, "| `compliance` | `xs:token`; one of `full`, `partial`, `none` | required |"),
             accessibility);
  BOOST_TEST(contains(accessibility, "| `method` | `xs:token`; one of `self`, `external` | required |"), accessibility);

  // An optional element with an optional attribute that has a default.
  const auto mina = element_section(reference, "/cooperation/minaMeddelanden");
  BOOST_TEST(contains(mina, "- Occurs: `0..1` (optional)\n"), mina);
  BOOST_TEST(contains(mina, "Digital mail through the state's Mina meddelanden."), mina);
  BOOST_TEST(contains(mina,
                      "| `timeoutSeconds` | `TimeoutSeconds` (`xs:positiveInteger`; maxInclusive 600) | "
                      "optional, default `30` | Seconds, 1 to 600. |"),
             mina);

  // An element of another schema file is described there, which says where it is used.
  const auto adapters_use = element_section(reference, "/cooperation/members/municipality/adapters");
  BOOST_TEST(contains(adapters_use, "- Namespace: `urn:samverkan:adapters:2`\n"), adapters_use);
  BOOST_TEST(contains(adapters_use, "Declared in adapters.xsd"), adapters_use);
  const auto adapters = element_section(reference, "/adapters");
  BOOST_TEST(contains(adapters, "- Used at: `/cooperation/members/municipality/adapters` in cooperation.xsd\n"),
             adapters);

  // Alternatives of a repeated choice, and a type used twice described once.
  const auto hr_system = element_section(reference, "/adapters/hrSystem");
  BOOST_TEST(contains(hr_system, "- Occurs: `0..unbounded` (optional, one of a choice)\n"), hr_system);
  BOOST_TEST(contains(hr_system, "- Type: `Binding`\n"), hr_system);
  BOOST_TEST(contains(element_section(reference, "/adapters/caseSystem"), "described at `/adapters/hrSystem`"));
  BOOST_TEST(contains(element_section(reference, "/adapters/hrSystem/csvExport"),
                      "| `encoding` | `Encoding` (`xs:token`; one of `utf-8`, `windows-1252`) | optional, default "
                      "`utf-8` |"));

  // A derived complex type carries its base's children and attributes.
  const auto text_field = element_section(reference, "/eservice/steps/step/text");
  BOOST_TEST(contains(text_field, "- Type: `TextField`, extends `Field`\n"), text_field);
  BOOST_TEST(contains(text_field, "- Children: `label, help?, showWhen{0,10}, requiredWhen{0,10}, pattern?`\n"),
             text_field);
  BOOST_TEST(contains(text_field, "| `required` | `xs:boolean` | optional, default `false` |"), text_field);
}

BOOST_AUTO_TEST_CASE(is_the_same_byte_for_byte_and_names_no_folder) {
  const auto first = config::schema_reference_markdown(xsd_dir());
  const auto second = config::schema_reference_markdown(xsd_dir());
  BOOST_TEST((first == second));
  BOOST_TEST(!contains(first, xsd_dir().string()));
  BOOST_TEST(first.ends_with("\n"));
  BOOST_TEST(!first.ends_with("\n\n"));
}

BOOST_AUTO_TEST_CASE(follows_named_types_and_includes_and_stops_on_a_recursive_type) {
  const samverkan::test::TempDir dir;
  dir.write("main.xsd", std::string(kSchemaHead) + R"(
  <xs:include schemaLocation="types.xsd"/>
  <xs:element name="root" type="t:Root">
    <xs:annotation><xs:documentation>The root.</xs:documentation></xs:annotation>
  </xs:element>
  <xs:complexType name="Root">
    <xs:sequence>
      <xs:element name="item" type="t:Item" maxOccurs="unbounded"/>
      <xs:element name="other" type="t:Item" minOccurs="0"/>
      <xs:element name="node" type="t:Node" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="Node">
    <xs:annotation><xs:documentation>A tree node.</xs:documentation></xs:annotation>
    <xs:sequence>
      <xs:element name="node" type="t:Node" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="label" type="xs:string" use="required"/>
  </xs:complexType>
</xs:schema>
)");
  dir.write("types.xsd", std::string(kSchemaHead) + R"(
  <xs:annotation>
    <xs:documentation>
      Types for main.xsd.

        &lt;example/&gt;
    </xs:documentation>
  </xs:annotation>
  <xs:complexType name="Item">
    <xs:annotation><xs:documentation>An item, from the included file.</xs:documentation></xs:annotation>
    <xs:attribute name="colour" type="t:Colour" default="red"/>
  </xs:complexType>
  <xs:simpleType name="Colour">
    <xs:annotation><xs:documentation>A colour.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:token">
      <xs:enumeration value="red"/>
      <xs:enumeration value="green"/>
    </xs:restriction>
  </xs:simpleType>
</xs:schema>
)");
  const auto reference = config::schema_reference_markdown(dir.path());
  BOOST_TEST(contains(reference, "\n## main.xsd\n"), reference);
  BOOST_TEST(contains(reference, "- Includes `types.xsd`\n"), reference);
  BOOST_TEST(contains(reference, "\n## types.xsd\n"), reference);
  BOOST_TEST(contains(reference, "- Global elements: none"), reference);
  // A preformatted part of the documentation stays as it was written.
  BOOST_TEST(contains(reference, "Types for main.xsd.\n\n```\n<example/>\n```\n"), reference);

  const auto item = element_section(reference, "/root/item");
  BOOST_TEST(contains(item, "- Occurs: `1..unbounded` (required)\n"), item);
  BOOST_TEST(contains(item, "- Type: `Item`\n"), item);
  BOOST_TEST(contains(item, "An item, from the included file."), item);
  BOOST_TEST(contains(item,
                      "| `colour` | `Colour` (`xs:token`; one of `red`, `green`) | optional, default `red` | "
                      "A colour. |"),
             item);
  BOOST_TEST(contains(element_section(reference, "/root/other"), "- Type: `Item`, described at `/root/item`"),
             reference);

  const auto node = element_section(reference, "/root/node");
  BOOST_TEST(contains(node, "A tree node."), node);
  BOOST_TEST(contains(node, "| `label` | `xs:string` | required |"), node);
  const auto inner = element_section(reference, "/root/node/node");
  BOOST_TEST(contains(inner, "- Occurs: `0..unbounded` (optional)\n"), inner);
  BOOST_TEST(contains(inner, "which contains itself: described at `/root/node`"), inner);
  BOOST_TEST(!contains(reference, "/root/node/node/node"), reference);
}

BOOST_AUTO_TEST_CASE(a_missing_folder_or_a_broken_schema_is_invalid_input_naming_it) {
  const samverkan::test::TempDir base;
  BOOST_TEST(contains(refusal(base / "nowhere"), "nowhere"));
  BOOST_TEST(contains(refusal(base.path()), "no .xsd file"));

  const samverkan::test::TempDir malformed;
  malformed.write("broken.xsd", std::string(kSchemaHead) + "<xs:element name=\"a\">\n");
  BOOST_TEST(contains(refusal(malformed.path()), "broken.xsd"));

  const samverkan::test::TempDir not_a_schema;
  not_a_schema.write("plain.xsd", "<cooperation/>\n");
  const auto plain = refusal(not_a_schema.path());
  BOOST_TEST(contains(plain, "plain.xsd"), plain);
  BOOST_TEST(contains(plain, "not an XML Schema"), plain);

  const samverkan::test::TempDir dangling;
  dangling.write("dangling.xsd",
                 std::string(kSchemaHead) + "<xs:element name=\"a\" type=\"t:Missing\"/>\n</xs:schema>\n");
  const auto undefined = refusal(dangling.path());
  BOOST_TEST(contains(undefined, "dangling.xsd:"), undefined);
  BOOST_TEST(contains(undefined, "'t:Missing' is not defined"), undefined);

  const samverkan::test::TempDir lonely;
  lonely.write("lonely.xsd", std::string(kSchemaHead) + "<xs:include schemaLocation=\"absent.xsd\"/>\n</xs:schema>\n");
  const auto include = refusal(lonely.path());
  BOOST_TEST(contains(include, "lonely.xsd:"), include);
  BOOST_TEST(contains(include, "absent.xsd"), include);
}

BOOST_AUTO_TEST_CASE(the_committed_reference_is_what_the_schemas_generate) {
  const auto committed_file = samverkan::test::source_dir() / "docs/configuration-reference.md";
  BOOST_TEST_REQUIRE(fs::is_regular_file(committed_file),
                     "docs/configuration-reference.md is missing: samverkan config reference > "
                     "docs/configuration-reference.md");
  const auto committed = samverkan::test::read_file(committed_file);
  const auto generated = config::schema_reference_markdown(xsd_dir());
  const bool current = committed == generated;
  std::ostringstream message;
  message << "docs/configuration-reference.md differs from what xsd/ generates from line "
          << first_different_line(committed, generated)
          << " on: regenerate it with samverkan config reference > docs/configuration-reference.md";
  BOOST_TEST(current, message.str());
}

BOOST_AUTO_TEST_SUITE_END()
