#include "samverkan/xml/schema.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "samverkan/xml/document.hpp"
#include "support/silent_listener.hpp"
#include "support/temp_dir.hpp"

namespace xml = samverkan::xml;
namespace fs = std::filesystem;

namespace {

using Listener = samverkan::test::SilentListener;

constexpr const char* kTypes = R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
  <xs:simpleType name="Code">
    <xs:restriction base="xs:token">
      <xs:pattern value="[A-Z]{3}"/>
    </xs:restriction>
  </xs:simpleType>
</xs:schema>
)";

constexpr const char* kMain = R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t"
           elementFormDefault="qualified">
  <xs:include schemaLocation="types/types.xsd"/>
  <xs:element name="list">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="entry" maxOccurs="unbounded">
          <xs:complexType>
            <xs:simpleContent>
              <xs:extension base="t:Code">
                <xs:attribute name="id" type="xs:token" use="required"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
    <xs:unique name="uniqueId">
      <xs:selector xpath="t:entry"/>
      <xs:field xpath="@id"/>
    </xs:unique>
  </xs:element>
</xs:schema>
)";

constexpr const char* kValid =
    "<list xmlns=\"urn:t\">\n"
    "  <entry id=\"a\">ABC</entry>\n"
    "  <entry id=\"b\">DEF</entry>\n"
    "</list>\n";

constexpr const char* kInvalid =
    "<list xmlns=\"urn:t\">\n"         // 1
    "  <entry id=\"a\">ABC</entry>\n"  // 2
    "  <entry id=\"b\">abc</entry>\n"  // 3  pattern
    "  <entry id=\"a\">GHI</entry>\n"  // 4  duplicate id
    "  <other/>\n"                     // 5  unknown element
    "</list>\n";

// Writes the two-file schema into `dir` and returns the main file.
fs::path write_schema(const samverkan::test::TempDir& dir) {
  dir.write("types/types.xsd", kTypes);
  return dir.write("main.xsd", kMain);
}

bool has(const std::vector<xml::Diagnostic>& diagnostics, int line, const std::string& fragment) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const xml::Diagnostic& d) {
    return d.line == line && d.message.find(fragment) != std::string::npos;
  });
}

std::string describe(const std::vector<xml::Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) text += "\n  " + xml::format(d);
  return text;
}

xml::XmlError load_failure(const fs::path& file, const xml::Schema::LocalCopies& copies = {}) {
  try {
    xml::Schema::load(file, copies);
  } catch (const xml::XmlError& error) {
    return error;
  }
  BOOST_FAIL("the schema " << file << " loaded");
  throw std::logic_error("unreachable");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(xml_schema_test)

BOOST_AUTO_TEST_CASE(valid_document_has_no_diagnostics) {
  samverkan::test::TempDir dir;
  const auto schema = xml::Schema::load(write_schema(dir));
  BOOST_TEST(schema.file() == dir / "main.xsd");
  const auto doc = xml::parse_untrusted(kValid, "valid.xml");
  const auto diagnostics = schema.validate(doc);
  BOOST_TEST(diagnostics.empty(), describe(diagnostics));
}

BOOST_AUTO_TEST_CASE(invalid_document_lists_every_problem_with_its_line) {
  samverkan::test::TempDir dir;
  const auto schema = xml::Schema::load(write_schema(dir));
  const auto doc = xml::parse_untrusted(kInvalid, "invalid.xml");
  const auto diagnostics = schema.validate(doc);
  BOOST_TEST_MESSAGE("diagnostics:" << describe(diagnostics));
  BOOST_TEST(has(diagnostics, 3, "[facet 'pattern'] The value 'abc' is not accepted"), describe(diagnostics));
  BOOST_TEST(has(diagnostics, 4, "Duplicate key-sequence ['a']"), describe(diagnostics));
  BOOST_TEST(has(diagnostics, 5, "This element is not expected"), describe(diagnostics));
  for (const auto& d : diagnostics) {
    BOOST_TEST(d.file == "invalid.xml");
    BOOST_TEST(d.message.find('\n') == std::string::npos);
    const bool duplicate = d.message.find("Duplicate key-sequence") != std::string::npos;
    BOOST_TEST((d.kind == xml::DiagnosticKind::kIdentityConstraint) == duplicate, d.message);
    if (!duplicate) BOOST_TEST((d.kind == xml::DiagnosticKind::kSchema));
  }
}

BOOST_AUTO_TEST_CASE(wrong_root_is_a_diagnostic) {
  samverkan::test::TempDir dir;
  const auto schema = xml::Schema::load(write_schema(dir));
  const auto doc = xml::parse_untrusted("<list/>", "noname.xml");
  const auto diagnostics = schema.validate(doc);
  BOOST_TEST(has(diagnostics, 1, "No matching global declaration"), describe(diagnostics));
}

BOOST_AUTO_TEST_CASE(remote_import_is_refused_and_never_fetched) {
  Listener listener;
  samverkan::test::TempDir dir;
  const auto file = dir.write("remote.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m">
  <xs:import namespace="urn:r" schemaLocation=")" +
                                                listener.url("/r.xsd") + R"("/>
</xs:schema>
)");
  const auto error = load_failure(file);
  BOOST_REQUIRE_EQUAL(error.diagnostics().size(), 1U);
  const auto& d = error.diagnostics()[0];
  BOOST_TEST(d.file == file.string());
  BOOST_TEST(d.line == 3);
  BOOST_TEST((d.kind == xml::DiagnosticKind::kNotAllowed));
  BOOST_TEST(d.message.find(listener.url("/r.xsd")) != std::string::npos, d.message);
  BOOST_TEST(d.message.find("without network access") != std::string::npos, d.message);
  BOOST_TEST(!listener.contacted());
}

BOOST_AUTO_TEST_CASE(remote_import_in_an_included_file_is_refused_too) {
  Listener listener;
  samverkan::test::TempDir dir;
  const auto inner = dir.write("parts/inner.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m">

  <xs:import namespace="urn:r" schemaLocation=")" + listener.url("/r.xsd") +
                                                      R"("/>
</xs:schema>
)");
  const auto file = dir.write("outer.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m">
  <xs:include schemaLocation="parts/inner.xsd"/>
</xs:schema>
)");
  const auto error = load_failure(file);
  BOOST_REQUIRE_EQUAL(error.diagnostics().size(), 1U);
  BOOST_TEST(error.diagnostics()[0].file == inner.string());
  BOOST_TEST(error.diagnostics()[0].line == 4);
  BOOST_TEST(!listener.contacted());
}

BOOST_AUTO_TEST_CASE(remote_location_with_a_local_copy_is_read_locally) {
  Listener listener;
  samverkan::test::TempDir dir;
  const auto copy = dir.write("vendor/r.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:r">
  <xs:simpleType name="Flag">
    <xs:restriction base="xs:token">
      <xs:enumeration value="on"/>
      <xs:enumeration value="off"/>
    </xs:restriction>
  </xs:simpleType>
</xs:schema>
)");
  const std::string remote = listener.url("/r.xsd");
  const auto file = dir.write("uses-copy.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:r="urn:r" targetNamespace="urn:m">
  <xs:import namespace="urn:r" schemaLocation=")" + remote +
                                                   R"("/>
  <xs:element name="switch" type="r:Flag"/>
</xs:schema>
)");
  const auto schema = xml::Schema::load(file, {{remote, copy}});
  BOOST_TEST(schema.validate(xml::parse_untrusted("<switch xmlns=\"urn:m\">on</switch>", "on")).empty());
  const auto diagnostics = schema.validate(xml::parse_untrusted("<switch xmlns=\"urn:m\">maybe</switch>", "maybe"));
  BOOST_TEST(has(diagnostics, 1, "[facet 'enumeration']"), describe(diagnostics));
  BOOST_TEST(!listener.contacted());
}

BOOST_AUTO_TEST_CASE(schema_with_doctype_is_refused) {
  samverkan::test::TempDir dir;
  const auto file = dir.write("doctype.xsd", R"(<?xml version="1.0"?>
<!DOCTYPE xs:schema [<!ENTITY e SYSTEM "/etc/passwd">]>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>
)");
  const auto error = load_failure(file);
  BOOST_TEST(std::string(error.what()) == file.string() + ":2: DOCTYPE is not allowed");
}

BOOST_AUTO_TEST_CASE(missing_included_file_and_compile_errors_are_reported) {
  samverkan::test::TempDir dir;
  const auto missing = dir.write("missing-include.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m">
  <xs:include schemaLocation="nowhere.xsd"/>
</xs:schema>
)");
  const auto missing_error = load_failure(missing);
  BOOST_TEST(std::string(missing_error.what()).find((dir / "nowhere.xsd").string() + ": cannot read file") !=
                 std::string::npos,
             missing_error.what());

  const auto broken = dir.write("broken.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">

  <xs:element name="a" type="xs:nosuchtype"/>
</xs:schema>
)");
  const auto broken_error = load_failure(broken);
  BOOST_REQUIRE(!broken_error.diagnostics().empty());
  BOOST_TEST(broken_error.diagnostics()[0].file == broken.string());
  BOOST_TEST(broken_error.diagnostics()[0].line == 4);
  BOOST_TEST(broken_error.diagnostics()[0].message.find("nosuchtype") != std::string::npos);

  const auto malformed = dir.write("malformed.xsd", "<xs:schema xmlns:xs=\"x\">\n<a>\n");
  const auto malformed_error = load_failure(malformed);
  BOOST_TEST((malformed_error.diagnostics()[0].kind == xml::DiagnosticKind::kMalformed));
  BOOST_TEST(malformed_error.diagnostics()[0].file == malformed.string());
}

BOOST_AUTO_TEST_CASE(one_schema_validates_from_four_threads_at_once) {
  samverkan::test::TempDir dir;
  const auto schema = xml::Schema::load(write_schema(dir));
  const auto expected = schema.validate(xml::parse_untrusted(kInvalid, "invalid.xml"));  // single-threaded truth
  BOOST_REQUIRE(!expected.empty());

  constexpr int kThreads = 4;
  constexpr int kRounds = 100;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < kRounds; ++round) {
        const auto valid = xml::parse_untrusted(kValid, "valid.xml");
        if (!schema.validate(valid).empty()) ++wrong;
        const auto invalid = xml::parse_untrusted(kInvalid, "invalid.xml");
        const auto got = schema.validate(invalid);
        if (got.size() != expected.size()) {
          ++wrong;
          continue;
        }
        for (std::size_t i = 0; i < got.size(); ++i) {
          if (got[i].line != expected[i].line || got[i].message != expected[i].message) ++wrong;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_CASE(schemas_load_from_several_threads_at_once) {
  samverkan::test::TempDir dir;
  const auto file = write_schema(dir);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        const auto schema = xml::Schema::load(file);
        if (!schema.validate(xml::parse_untrusted(kValid, "valid.xml")).empty()) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(wrong.load() == 0);
}

// The real schema sets in the shared reference folder, when it is there.
BOOST_AUTO_TEST_CASE(mina_meddelanden_schemas_load_with_their_local_imports) {
  const fs::path message = samverkan::test::shared_dir() / "reference/minameddelanden/schema/v3/Message.xsd";
  if (!fs::exists(message)) {
    BOOST_TEST_MESSAGE("skipped: " << message << " not found");
    return;
  }
  BOOST_CHECK_NO_THROW(xml::Schema::load(message));
}

BOOST_AUTO_TEST_CASE(fgs_package_schema_needs_its_bundled_xlink_copy) {
  const fs::path folder = samverkan::test::shared_dir() / "reference/fgs/paketstruktur";
  if (!fs::exists(folder / "CSPackageMETS.xsd")) {
    BOOST_TEST_MESSAGE("skipped: " << folder << " not found");
    return;
  }
  const std::string xlink = "http://xml.ra.se/e-arkiv/xlink/xlink.xsd";
  const auto error = load_failure(folder / "CSPackageMETS.xsd");
  BOOST_TEST(std::string(error.what()).find(xlink) != std::string::npos, error.what());
  BOOST_CHECK_NO_THROW(xml::Schema::load(folder / "CSPackageMETS.xsd", {{xlink, folder / "xlink.xsd"}}));
}

BOOST_AUTO_TEST_SUITE_END()
