// The print batch of the paper route: a PDF letter per recipient (sender, address in the
// envelope window, date, subject, body, attachment names) with real, extractable text, a
// manifest whose hashes match the files written, protected identity never printed, and the
// letters handed to the PrintVendor once each.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>

#include "mailbox_test_data.hpp"
#include "outbox_fixture.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/mailbox/paper.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;

namespace {

const Clock::TimePoint kDay = std::chrono::sys_days{std::chrono::year(2026) / 11 / 22} + std::chrono::hours(9);

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool has_pdftotext() { return run_command("command -v pdftotext").first == 0; }

// The text of a PDF as pdftotext extracts it ("" when the tool is not installed).
std::string pdf_text(const std::filesystem::path& file) {
  const auto [status, output] = run_command("pdftotext -layout " + quoted(file) + " -");
  BOOST_TEST_REQUIRE(status == 0, output);
  return output;
}

LetterRequest letter_with(const std::string& subject, const std::string& body) {
  LetterRequest r = test_letter("print-1");
  r.subject = subject;
  r.body = body;
  r.attachments.push_back(Attachment{"karta.pdf", minimal_pdf()});
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(print_batch_test)

BOOST_AUTO_TEST_CASE(a_letter_is_a_pdf_with_the_address_in_the_window_and_real_text) {
  samverkan::test::TempDir dir;
  const auto rendered =
      render_letter("0123456789abcdef0123456789abcdef",
                    letter_with("Beslut om bygglov", "Hej!\nDitt ärende är beslutat."), "Aneby kommun", kDay);
  BOOST_TEST(rendered.pdf.rfind("%PDF-", 0) == 0U);
  BOOST_TEST(rendered.pdf.find("%%EOF") != std::string::npos);
  BOOST_TEST(rendered.pages == 1);
  if (!has_pdftotext()) {
    BOOST_TEST_MESSAGE("pdftotext is not installed: the text is not extracted");
    return;
  }
  const auto file = dir.write("letter.pdf", rendered.pdf);
  const std::string text = pdf_text(file);
  for (const char* part :
       {"Aneby kommun", "2026-11-22", "Tolvan Tolvansson", "Storgatan 1", "578 33 Aneby", "Beslut om bygglov",
        "Ditt ärende är beslutat.", "beslut.pdf", "karta.pdf", "KS 2026/0042", "Kontakta kommunens kontaktcenter"}) {
    BOOST_TEST(text.find(part) != std::string::npos, part << " in:\n" << text);
  }
  // The address sits in the right-hand window: its lines are indented far to the right.
  const auto name_line_start = text.rfind('\n', text.find("Tolvan Tolvansson"));
  const auto indent = text.find("Tolvan Tolvansson") - (name_line_start == std::string::npos ? 0 : name_line_start + 1);
  BOOST_TEST(indent > 40U, "column of the address: " << indent);
}

BOOST_AUTO_TEST_CASE(html_bodies_are_printed_as_text_and_long_letters_get_pages) {
  samverkan::test::TempDir dir;
  LetterRequest html = letter_with("Kallelse", "<p>Välkommen &amp; hej</p><p>Andra <b>stycket</b></p>");
  html.body_type = BodyType::kTextHtml;
  const auto rendered = render_letter("abcdef", html, "Aneby kommun", kDay);
  std::string body;
  for (int i = 0; i < 300; ++i) body += "Rad " + std::to_string(i) + " i ett långt brev.\n";
  const auto long_letter = render_letter("abcdef", letter_with("Långt", body), "Aneby kommun", kDay);
  BOOST_TEST(long_letter.pages > 2);
  if (!has_pdftotext()) return;
  const std::string text = pdf_text(dir.write("html.pdf", rendered.pdf));
  BOOST_TEST(text.find("Välkommen & hej") != std::string::npos, text);
  BOOST_TEST(text.find("<p>") == std::string::npos, text);
  BOOST_TEST(pdf_text(dir.write("long.pdf", long_letter.pdf)).find("Rad 299") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(protected_identity_is_never_printed) {
  LetterRequest secret = test_letter("print-2");
  secret.protected_identity = true;
  BOOST_CHECK_THROW(render_letter("abc", secret, "Aneby kommun", kDay), Forbidden);
  PrintBatch batch(kSender, "Aneby kommun", kDay);
  BOOST_CHECK_THROW(batch.add("abc", secret), Forbidden);
  BOOST_TEST(batch.entries().empty());
  BOOST_TEST(batch.manifest_json().find("abc") == std::string::npos);
  // And the outbox's print job refuses it as before.
  BOOST_CHECK_THROW(print_job_for("abc", secret), Forbidden);

  LetterRequest no_address = test_letter("print-3");
  no_address.postal_address.reset();
  BOOST_CHECK_THROW(batch.add("abd", no_address), InvalidInput);
  BOOST_CHECK_THROW(batch.add("../etc", test_letter("print-4")), InvalidInput);
  BOOST_TEST(batch.entries().empty());
}

BOOST_AUTO_TEST_CASE(a_letter_without_a_pdf_is_printed_as_laid_out) {
  LetterRequest text_only = test_letter("print-5");
  text_only.attachments.clear();
  BOOST_CHECK_THROW(print_job_for("abc", text_only), InvalidInput);
  const auto job = print_job_for("abc", text_only, "Aneby kommun", kDay);
  BOOST_TEST(job.pdf.rfind("%PDF-", 0) == 0U);
  BOOST_TEST(job.idempotency_key.str() == "mailbox-abc");
  BOOST_TEST(job.recipient.name == "Tolvan Tolvansson");
  // With a PDF, that PDF is what is printed, as before.
  BOOST_TEST(print_job_for("abc", test_letter("print-6"), "Aneby kommun", kDay).pdf == minimal_pdf());
  text_only.protected_identity = true;
  BOOST_CHECK_THROW(print_job_for("abc", text_only, "Aneby kommun", kDay), Forbidden);
}

BOOST_AUTO_TEST_CASE(the_manifest_names_every_file_with_its_pages_and_hash) {
  samverkan::test::TempDir dir;
  PrintBatch batch(kSender, "Aneby kommun", kDay);
  BOOST_TEST(batch.id() == "0604-2026-11-22");
  batch.add("aaaa1111", letter_with("Ett", "Första brevet"));
  batch.add("bbbb2222", letter_with("Två", "Andra brevet"));
  batch.add("aaaa1111", letter_with("Ett", "Första brevet"));  // once only
  BOOST_TEST_REQUIRE(batch.entries().size() == 2U);

  const auto folder = batch.write(dir.path());
  BOOST_TEST(folder == dir.path() / "0604-2026-11-22");
  Poco::JSON::Parser parser;
  const auto manifest = parser.parse(read(folder / "manifest.json")).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(manifest->getValue<std::string>("batch") == "0604-2026-11-22");
  BOOST_TEST(manifest->getValue<std::string>("municipality") == "0604");
  BOOST_TEST(manifest->getValue<std::string>("date") == "2026-11-22");
  const auto letters = manifest->getArray("letters");
  BOOST_TEST_REQUIRE(letters->size() == 2U);
  for (unsigned i = 0; i < 2; ++i) {
    const auto item = letters->getObject(i);
    const std::string file = item->getValue<std::string>("file");
    const std::string bytes = read(folder / file);
    BOOST_TEST(bytes.rfind("%PDF-", 0) == 0U);
    BOOST_TEST(item->getValue<std::string>("sha256") == crypto::sha256_hex(bytes), file);
    BOOST_TEST(item->getValue<std::size_t>("bytes") == bytes.size());
    BOOST_TEST(item->getValue<int>("pages") == 1);
    BOOST_TEST(file == item->getValue<std::string>("letterId") + ".pdf");
  }
  const std::string manifest_text = read(folder / "manifest.json");
  BOOST_TEST(manifest_text.find("Tolvan") == std::string::npos, "no personal data in the manifest");
  BOOST_TEST(manifest_text.find("Storgatan") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_batch_is_handed_to_the_vendor_once) {
  PrintBatch batch(kSender, "Aneby kommun", kDay);
  batch.add("aaaa1111", letter_with("Ett", "Första brevet"));
  batch.add("bbbb2222", letter_with("Två", "Andra brevet"));
  RecordingPrintVendor vendor;
  const auto receipts = batch.submit(vendor);
  BOOST_TEST_REQUIRE(receipts.size() == 2U);
  BOOST_TEST(!receipts[0].replayed);
  BOOST_TEST_REQUIRE(vendor.jobs().size() == 2U);
  BOOST_TEST(vendor.jobs()[0].pdf == batch.entries()[0].pdf);
  BOOST_TEST(vendor.jobs()[0].recipient.name == "Tolvan Tolvansson");
  BOOST_TEST(vendor.jobs()[0].sender_reference == "0604-2026-11-22");
  const auto again = batch.submit(vendor);
  BOOST_TEST(again[1].replayed, "a retry places nothing new");
  BOOST_TEST(vendor.jobs().size() == 2U);
  vendor.unavailable = true;
  PrintBatch other(kSender, "Aneby kommun", kDay);
  other.add("cccc3333", letter_with("Tre", "Tredje"));
  BOOST_CHECK_THROW(other.submit(vendor), Unavailable);
}

BOOST_AUTO_TEST_SUITE_END()
