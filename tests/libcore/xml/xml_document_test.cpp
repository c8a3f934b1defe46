#include "samverkan/xml/document.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "samverkan/core/error.hpp"
#include "support/silent_listener.hpp"
#include "support/temp_dir.hpp"

namespace xml = samverkan::xml;

namespace {

using Listener = samverkan::test::SilentListener;

// Parses `text`, which must fail with XmlError; returns the error.
xml::XmlError parse_failure(const std::string& text, const std::string& name = "input.xml") {
  try {
    xml::parse_untrusted(text, name);
  } catch (const xml::XmlError& error) {
    return error;
  }
  BOOST_FAIL("the document was accepted: " << text.substr(0, 200));
  throw std::logic_error("unreachable");
}

bool mentions(const xml::XmlError& error, const std::string& fragment) {
  return std::string(error.what()).find(fragment) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(xml_document_test)

BOOST_AUTO_TEST_CASE(parses_a_plain_document) {
  const auto doc = xml::parse_untrusted("<?xml version=\"1.0\"?>\n<a xmlns=\"urn:x\"><b/></a>", "plain.xml");
  BOOST_TEST(doc.name() == "plain.xml");
  BOOST_TEST(doc.root().local_name() == "a");
  BOOST_TEST(doc.root().namespace_uri() == "urn:x");
  BOOST_TEST(doc.root().line() == 2);
}

BOOST_AUTO_TEST_CASE(xxe_with_a_system_entity_is_refused_and_not_read) {
  samverkan::test::TempDir dir;
  const auto secret = dir.write("secret.txt", "TOP-SECRET-MARKER");
  for (const std::string& target : {"file://" + secret.string(), secret.string(), std::string("file:///etc/passwd")}) {
    BOOST_TEST_CONTEXT(target) {
      const std::string text =
          "<?xml version=\"1.0\"?>\n"
          "<!DOCTYPE r [\n"
          "  <!ENTITY xxe SYSTEM \"" +
          target +
          "\">\n"
          "]>\n"
          "<r>&xxe;</r>\n";
      const auto error = parse_failure(text, "xxe.xml");
      BOOST_REQUIRE_EQUAL(error.diagnostics().size(), 1U);
      const auto& diagnostic = error.diagnostics()[0];
      BOOST_TEST(diagnostic.message == "DOCTYPE is not allowed");
      BOOST_TEST(diagnostic.line == 2);
      BOOST_TEST(diagnostic.file == "xxe.xml");
      BOOST_TEST((diagnostic.kind == xml::DiagnosticKind::kNotAllowed));
      BOOST_TEST(std::string(error.what()) == "xxe.xml:2: DOCTYPE is not allowed");
      BOOST_TEST(!mentions(error, "TOP-SECRET-MARKER"));
      BOOST_TEST(!mentions(error, "root:"));
      // An XmlError is an InvalidInput: the HTTP layer answers 400.
      const samverkan::InvalidInput& base = error;
      BOOST_TEST((base.kind() == samverkan::ErrorKind::kInvalidInput));
    }
  }
}

BOOST_AUTO_TEST_CASE(billion_laughs_is_refused_quickly) {
  std::string text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n";
  std::string previous = "lol";
  for (int i = 1; i <= 9; ++i) {
    const std::string name = "lol" + std::to_string(i);
    text += " <!ENTITY " + name + " \"";
    for (int j = 0; j < 10; ++j) text += "&" + previous + ";";
    text += "\">\n";
    previous = name;
  }
  text += "]>\n<lolz>&lol9;</lolz>\n";
  const auto started = std::chrono::steady_clock::now();
  const auto error = parse_failure(text, "laughs.xml");
  const auto elapsed = std::chrono::steady_clock::now() - started;
  BOOST_TEST(mentions(error, "laughs.xml:2: DOCTYPE is not allowed"));
  BOOST_TEST(error.diagnostics().size() == 1U);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 1000);
}

BOOST_AUTO_TEST_CASE(external_dtd_and_parameter_entities_are_never_fetched) {
  Listener listener;
  const std::vector<std::string> documents = {
      "<!DOCTYPE r SYSTEM \"" + listener.url("/r.dtd") + "\">\n<r/>",
      "<!DOCTYPE r PUBLIC \"-//X//Y//EN\" \"" + listener.url("/p.dtd") + "\">\n<r/>",
      "<!DOCTYPE r [\n<!ENTITY % p SYSTEM \"" + listener.url("/p") + "\">\n%p;\n]>\n<r/>",
      "<!DOCTYPE r [\n<!ENTITY e SYSTEM \"" + listener.url("/e") + "\">\n]>\n<r>&e;</r>",
  };
  for (const auto& text : documents) {
    BOOST_TEST_CONTEXT(text) {
      const auto error = parse_failure(text, "remote.xml");
      BOOST_TEST(mentions(error, "remote.xml:1: DOCTYPE is not allowed"));
    }
  }
  BOOST_TEST(!listener.contacted());
}

BOOST_AUTO_TEST_CASE(undeclared_entity_without_doctype_is_an_error) {
  const auto error = parse_failure("<r>\n  <a>&xxe;</a>\n</r>", "entity.xml");
  BOOST_TEST(mentions(error, "entity.xml:2: "));
  BOOST_TEST(mentions(error, "xxe"));
}

BOOST_AUTO_TEST_CASE(malformed_xml_reports_file_and_line) {
  const auto error = parse_failure("<?xml version=\"1.0\"?>\n<a>\n  <b>\n  </c>\n</a>\n", "bad.xml");
  BOOST_REQUIRE(!error.diagnostics().empty());
  const auto& first = error.diagnostics()[0];
  BOOST_TEST(first.file == "bad.xml");
  BOOST_TEST(first.line == 4);
  BOOST_TEST((first.kind == xml::DiagnosticKind::kMalformed));
  BOOST_TEST(first.message.find("Opening and ending tag mismatch: b line 3 and c") != std::string::npos);
  BOOST_TEST(first.message.find('\n') == std::string::npos);
  BOOST_TEST(mentions(error, "bad.xml:4: Opening and ending tag mismatch"));
}

BOOST_AUTO_TEST_CASE(namespace_errors_are_errors) {
  const auto error = parse_failure("<r>\n<x:a/>\n</r>", "ns.xml");
  BOOST_TEST(mentions(error, "ns.xml:2: "));
  BOOST_TEST(mentions(error, "Namespace prefix x"));
}

BOOST_AUTO_TEST_CASE(empty_and_garbage_input_are_errors) {
  BOOST_CHECK_THROW(xml::parse_untrusted("", "empty.xml"), xml::XmlError);
  BOOST_CHECK_THROW(xml::parse_untrusted("not xml", "text.xml"), xml::XmlError);
  BOOST_CHECK_THROW(xml::parse_untrusted("<a/><b/>", "two-roots.xml"), xml::XmlError);
  BOOST_CHECK_THROW(xml::parse_untrusted(std::string("<a>\0</a>", 8), "nul.xml"), xml::XmlError);
}

BOOST_AUTO_TEST_CASE(depth_limit_stays_on) {
  // Without XML_PARSE_HUGE libxml2 refuses nesting deeper than 256.
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "<a>";
  for (int i = 0; i < 5000; ++i) text += "</a>";
  const auto error = parse_failure(text, "deep.xml");
  BOOST_TEST(mentions(error, "deep.xml:1: "));
}

BOOST_AUTO_TEST_CASE(parse_file_reads_plain_bytes_and_names_the_file) {
  samverkan::test::TempDir dir;
  const auto good = dir.write("good.xml", "<?xml version=\"1.0\"?>\n<r>\n  <a>å</a>\n</r>\n");
  const auto doc = xml::parse_file(good);
  BOOST_TEST(doc.name() == good.string());
  BOOST_TEST(doc.root().required_child("a", "").text() == "å");
  BOOST_TEST(doc.root().required_child("a", "").line() == 3);

  const auto bad = dir.write("bad.xml", "<r>\n<a>\n</r>\n");
  BOOST_CHECK_EXCEPTION(xml::parse_file(bad), xml::XmlError, [&](const xml::XmlError& e) {
    return std::string(e.what()).find(bad.string() + ":3: ") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(parse_file_of_a_missing_file_or_folder) {
  samverkan::test::TempDir dir;
  for (const auto& path : {dir / "missing.xml", dir.path()}) {
    BOOST_TEST_CONTEXT(path) {
      try {
        xml::parse_file(path);
        BOOST_FAIL("no error");
      } catch (const xml::XmlError& error) {
        BOOST_REQUIRE_EQUAL(error.diagnostics().size(), 1U);
        BOOST_TEST((error.diagnostics()[0].kind == xml::DiagnosticKind::kIo));
        BOOST_TEST(error.diagnostics()[0].file == path.string());
        BOOST_TEST(mentions(error, "cannot read file"));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(parse_file_does_not_decompress) {
  // gzip of "<r/>": libxml2's own file reader would inflate it transparently.
  const unsigned char gzip[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0xb3, 0x29,
                                0xd2, 0xb7, 0x03, 0x00, 0xfd, 0x01, 0xb1, 0x1f, 0x04, 0x00, 0x00, 0x00};
  samverkan::test::TempDir dir;
  const auto file = dir.write("packed.xml", std::string(reinterpret_cast<const char*>(gzip), sizeof(gzip)));
  BOOST_CHECK_THROW(xml::parse_file(file), xml::XmlError);
}

BOOST_AUTO_TEST_CASE(errors_are_captured_per_parse_across_threads) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 200;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &wrong] {
      const std::string name = "thread-" + std::to_string(t) + ".xml";
      // The error sits on line t + 2 of this thread's document.
      std::string text = "<r>\n";
      for (int i = 0; i < t; ++i) text += "<ok/>\n";
      text += "<bad></wrong>\n</r>\n";
      const std::string expected = name + ":" + std::to_string(t + 2) + ": ";
      for (int round = 0; round < kRounds; ++round) {
        try {
          xml::parse_untrusted(text, name);
          ++wrong;
        } catch (const xml::XmlError& error) {
          if (std::string(error.what()).rfind(expected, 0) != 0) ++wrong;
          for (const auto& d : error.diagnostics()) {
            if (d.file != name) ++wrong;
          }
        }
        const auto good = xml::parse_untrusted("<ok/>", name);
        if (good.root().local_name() != "ok") ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_CASE(documents_move) {
  auto first = xml::parse_untrusted("<a/>", "a.xml");
  auto second = xml::parse_untrusted("<b/>", "b.xml");
  second = std::move(first);
  BOOST_TEST(second.root().local_name() == "a");
  BOOST_TEST(second.name() == "a.xml");
  xml::Document third(std::move(second));
  BOOST_TEST(third.root().local_name() == "a");
  BOOST_CHECK_THROW(second.root(), samverkan::InternalError);  // NOLINT(bugprone-use-after-move)
}

BOOST_AUTO_TEST_SUITE_END()
