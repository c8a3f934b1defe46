// FolderPrintVendor against a local folder standing in for the vendor's drop area.
#include "samverkan/adapters/folder_print_vendor.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "samverkan/core/error.hpp"
#include "support/temp_dir.hpp"

namespace adapters = samverkan::adapters;
namespace fs = std::filesystem;

namespace {

const std::string kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

struct DropFolder {
  samverkan::test::TempDir dir;
  adapters::OutboxSettings settings{dir / "jobs", dir / "receipts", dir / "ledger"};
  DropFolder() { fs::create_directories(settings.directory); }
  adapters::FolderPrintVendor vendor() { return adapters::FolderPrintVendor(settings, "HIT-0686", "print vendor"); }
};

adapters::PrintJob job(const char* key = "contract-17") {
  return adapters::PrintJob{
      adapters::IdempotencyKey::parse(key),
      "Anställningsavtal",
      kPdf,
      adapters::PostalAddress{"Anna Andersson", "c/o Berg", {"Storgatan 1 lgh 1102"}, "575 80", "Eksjö", "SE"},
      adapters::PostageClass::kFirstClass,
      true,
      false,
      "KS 2026/17"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(folder_print_vendor_test)

BOOST_FIXTURE_TEST_CASE(a_job_is_a_folder_with_letter_and_manifest, DropFolder) {
  auto print = vendor();
  const auto receipt = print.submit(job());
  BOOST_TEST(receipt.id == "print-contract-17");
  const fs::path folder = settings.directory / receipt.id;
  BOOST_TEST(samverkan::test::read_file(folder / "letter.pdf") == kPdf);

  Poco::JSON::Parser parser;
  const auto manifest =
      parser.parse(samverkan::test::read_file(folder / "manifest.json")).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(manifest->getValue<std::string>("jobId") == "print-contract-17");
  BOOST_TEST(manifest->getValue<std::string>("customer") == "HIT-0686");
  BOOST_TEST(manifest->getValue<std::string>("postage") == "first-class");
  BOOST_TEST(manifest->getObject("document")->getValue<std::string>("sha256").size() == 64U);
  BOOST_TEST(manifest->getObject("recipient")->getValue<std::string>("postalCode") == "57580");
  BOOST_TEST(manifest->getObject("recipient")->getValue<std::string>("city") == "Eksjö");

  int entries = 0;
  for (const auto& entry : fs::directory_iterator(settings.directory)) {
    BOOST_TEST(entry.path().filename().string().front() != '.', "no temporary folder is left");
    ++entries;
  }
  BOOST_TEST(entries == 1);

  BOOST_TEST((print.job_status(receipt.id).status == adapters::PrintJobStatus::kQueued));
  fs::remove_all(folder);  // the vendor collects it
  BOOST_TEST((print.job_status(receipt.id).status == adapters::PrintJobStatus::kAccepted));
  fs::create_directories(settings.receipts);
  dir.write("receipts/print-contract-17.json", R"({"status":"posted","message":"Inlämnad till PostNord"})");
  const auto posted = print.job_status(receipt.id);
  BOOST_TEST((posted.status == adapters::PrintJobStatus::kPosted));
  BOOST_TEST(posted.message == "Inlämnad till PostNord");
}

BOOST_FIXTURE_TEST_CASE(a_retried_job_is_submitted_once, DropFolder) {
  auto print = vendor();
  print.submit(job());
  fs::remove_all(settings.directory / "print-contract-17");  // collected
  const auto retry = print.submit(job());
  BOOST_TEST(retry.replayed);
  BOOST_TEST(!fs::exists(settings.directory / "print-contract-17"), "not handed over a second time");

  auto other = job();
  other.pdf = "%PDF-1.4\n% another letter\n%%EOF\n";
  BOOST_CHECK_THROW(print.submit(other), samverkan::Conflict);
}

BOOST_FIXTURE_TEST_CASE(invalid_jobs_are_refused_before_anything_is_written, DropFolder) {
  auto print = vendor();
  auto bad = job();
  bad.pdf = "not a pdf";
  BOOST_CHECK_THROW(print.submit(bad), samverkan::InvalidInput);
  bad = job();
  bad.recipient.postal_code = "ABC";
  BOOST_CHECK_THROW(print.submit(bad), samverkan::InvalidInput);
  BOOST_TEST(fs::is_empty(settings.directory));
  BOOST_TEST(!fs::exists(settings.ledger / "print-contract-17.sha256"));
}

BOOST_FIXTURE_TEST_CASE(a_missing_drop_folder_is_unavailable, DropFolder) {
  auto print = vendor();
  fs::remove_all(settings.directory);
  BOOST_CHECK_THROW(print.submit(job()), samverkan::Unavailable);
  fs::create_directories(settings.directory);
  BOOST_TEST(!print.submit(job()).replayed);
}

BOOST_AUTO_TEST_SUITE_END()
