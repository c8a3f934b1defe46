#include "samverkan/xml/element.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "samverkan/core/error.hpp"
#include "samverkan/xml/document.hpp"

namespace xml = samverkan::xml;

namespace {

constexpr const char* kA = "urn:a";
constexpr const char* kB = "urn:b";

constexpr const char* kDocument =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                  // 1
    "<root xmlns=\"urn:a\" xmlns:b=\"urn:b\"\n"                     // 2
    "      xmlns:x=\"urn:x\" id=\"r1\" x:id=\"x1\">\n"              // 3
    "  <item code=\"1\">Första &amp; <![CDATA[<bästa>]]></item>\n"  // 4
    "  <!-- a comment -->\n"                                        // 5
    "  <b:item code=\"2\">andra</b:item>\n"                         // 6
    "  <item code=\"3\">\n"                                         // 7
    "    <name>tredje</name>&#229;\n"                               // 8
    "  </item>\n"                                                   // 9
    "  <plain xmlns=\"\">utan namnrymd</plain>\n"                   // 10
    "</root>\n";                                                    // 11

}  // namespace

BOOST_AUTO_TEST_SUITE(xml_element_test)

BOOST_AUTO_TEST_CASE(names_namespaces_and_lines) {
  const auto doc = xml::parse_untrusted(kDocument, "walk.xml");
  const xml::Element root = doc.root();
  BOOST_TEST(root.local_name() == "root");
  BOOST_TEST(root.namespace_uri() == kA);
  BOOST_TEST(root.is("root", kA));
  BOOST_TEST(!root.is("root", kB));
  BOOST_TEST(root.line() == 3);  // libxml2 records the line where the start tag ends
  BOOST_TEST(root.document_name() == "walk.xml");
  BOOST_TEST(root.location() == "walk.xml:3");
  BOOST_TEST(!root.parent().has_value());

  const auto all = root.children();
  BOOST_REQUIRE_EQUAL(all.size(), 4U);  // the comment and whitespace are skipped
  std::vector<int> lines;
  lines.reserve(all.size());
  for (const auto& child : all) lines.push_back(child.line());
  BOOST_TEST(lines == (std::vector<int>{4, 6, 7, 10}), boost::test_tools::per_element());
  BOOST_TEST(all[3].namespace_uri().empty());
  BOOST_TEST(all[3].is("plain", ""));
}

BOOST_AUTO_TEST_CASE(children_by_local_name_and_namespace) {
  const auto doc = xml::parse_untrusted(kDocument, "walk.xml");
  const xml::Element root = doc.root();

  const auto in_a = root.children("item", kA);
  BOOST_REQUIRE_EQUAL(in_a.size(), 2U);
  BOOST_TEST(in_a[0].attribute("code").value() == "1");
  BOOST_TEST(in_a[1].attribute("code").value() == "3");

  const auto in_b = root.children("item", kB);
  BOOST_REQUIRE_EQUAL(in_b.size(), 1U);
  BOOST_TEST(in_b[0].text() == "andra");
  BOOST_TEST(in_b[0].line() == 6);

  BOOST_TEST(root.children("item", "").empty());
  BOOST_TEST(root.first_child("plain", "").has_value());
  BOOST_TEST(!root.first_child("plain", kA).has_value());
  BOOST_TEST((root.first_child("item", kA).value() == in_a[0]));

  const auto name = in_a[1].required_child("name", kA);
  BOOST_TEST(name.text() == "tredje");
  BOOST_TEST((name.parent().value() == in_a[1]));
}

BOOST_AUTO_TEST_CASE(text_resolves_entities_and_cdata) {
  const auto doc = xml::parse_untrusted(kDocument, "walk.xml");
  const auto items = doc.root().children("item", kA);
  BOOST_TEST(items[0].text() == "Första & <bästa>");
  BOOST_TEST(items[1].text() == "\n    tredjeå\n  ");  // descendants' text, whitespace kept
}

BOOST_AUTO_TEST_CASE(attributes_with_and_without_namespace) {
  const auto doc = xml::parse_untrusted(kDocument, "walk.xml");
  const xml::Element root = doc.root();
  BOOST_TEST(root.attribute("id").value() == "r1");
  BOOST_TEST(root.attribute("id", "urn:x").value() == "x1");
  BOOST_TEST(root.attribute("id", "").value() == "r1");
  BOOST_TEST(!root.attribute("missing").has_value());
  BOOST_TEST(!root.attribute("code", "urn:x").has_value());
}

BOOST_AUTO_TEST_CASE(required_child_names_file_and_line) {
  const auto doc = xml::parse_untrusted(kDocument, "walk.xml");
  BOOST_CHECK_EXCEPTION(doc.root().required_child("missing", kA), samverkan::InvalidInput,
                        [](const samverkan::InvalidInput& e) {
                          return std::string(e.what()) == "walk.xml:3: missing element <missing> in <root>";
                        });
}

BOOST_AUTO_TEST_SUITE_END()
