// FolderPrintVendor against a local folder standing in for the vendor's drop area.
#include "samverkan/adapters/print_folder/folder_print_vendor.hpp"

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
  adapters::print_folder::FolderPrintVendor vendor() {
    return adapters::print_folder::FolderPrintVendor(settings, "HIT-0686", "print vendor");
  }
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

adapters::PrintBatchManifest batch_manifest() {
  adapters::PrintBatchManifest m;
  m.batch_id = "0686-2026-11-21";
  m.municipality = "0686";
  m.date = "2026-11-21";
  m.sender_name = "Eksjö kommun";
  m.letters = {{"a1b2", "print-mailbox-a1b2", "Brev a1b2"}, {"c3d4", "print-mailbox-c3d4", "Brev c3d4"}};
  m.count = 2;
  return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(folder_print_vendor_adaptertest)

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

BOOST_FIXTURE_TEST_CASE(a_batch_manifest_is_one_json_file_replayed_when_the_same, DropFolder) {
  auto print = vendor();
  const auto receipt = print.submit_manifest(batch_manifest());
  BOOST_TEST(receipt.id == "batch-0686-2026-11-21");
  BOOST_TEST(!receipt.replayed);
  Poco::JSON::Parser parser;
  const auto manifest = parser.parse(samverkan::test::read_file(settings.directory / "batch-0686-2026-11-21.json"))
                            .extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(manifest->getValue<std::string>("batchId") == "0686-2026-11-21");
  BOOST_TEST(manifest->getValue<std::string>("customer") == "HIT-0686");
  BOOST_TEST(manifest->getValue<std::string>("municipality") == "0686");
  BOOST_TEST(manifest->getValue<std::string>("date") == "2026-11-21");
  BOOST_TEST(manifest->getValue<std::string>("sender") == "Eksjö kommun");
  BOOST_TEST(manifest->getValue<int>("count") == 2);
  const auto letters = manifest->getArray("letters");
  BOOST_REQUIRE(letters->size() == 2U);
  BOOST_TEST(letters->getObject(1)->getValue<std::string>("letterId") == "c3d4");
  BOOST_TEST(letters->getObject(1)->getValue<std::string>("jobId") == "print-mailbox-c3d4");
  BOOST_TEST(letters->getObject(1)->getValue<std::string>("documentTitle") == "Brev c3d4");

  fs::remove(settings.directory / "batch-0686-2026-11-21.json");  // collected
  const auto again = print.submit_manifest(batch_manifest());
  BOOST_TEST(again.replayed);
  BOOST_TEST(again.id == receipt.id);
  BOOST_TEST(!fs::exists(settings.directory / "batch-0686-2026-11-21.json"), "not handed over a second time");

  auto other = batch_manifest();
  other.letters.pop_back();
  other.count = 1;
  BOOST_CHECK_THROW(print.submit_manifest(other), samverkan::Conflict);
}

BOOST_FIXTURE_TEST_CASE(invalid_manifests_are_refused_before_anything_is_written, DropFolder) {
  auto print = vendor();
  const auto refused = [&](auto&& change) {
    auto m = batch_manifest();
    change(m);
    BOOST_CHECK_THROW(print.submit_manifest(m), samverkan::InvalidInput);
  };
  refused([](auto& m) {
    m.letters.clear();
    m.count = 0;
  });
  refused([](auto& m) { m.count = 3; });
  refused([](auto& m) { m.letters[1].letter_id = m.letters[0].letter_id; });
  refused([](auto& m) { m.letters[1].job_id = m.letters[0].job_id; });
  refused([](auto& m) { m.letters[0].letter_id = "../x"; });
  refused([](auto& m) { m.letters[0].job_id = ""; });
  refused([](auto& m) { m.batch_id = "0686/2026"; });
  refused([](auto& m) { m.municipality = "686"; });
  refused([](auto& m) { m.date = "2026-02-30"; });
  refused([](auto& m) { m.sender_name = ""; });
  BOOST_TEST(fs::is_empty(settings.directory));
}

BOOST_FIXTURE_TEST_CASE(a_manifest_to_a_missing_drop_folder_is_unavailable, DropFolder) {
  auto print = vendor();
  fs::remove_all(settings.directory);
  BOOST_CHECK_THROW(print.submit_manifest(batch_manifest()), samverkan::Unavailable);
  fs::create_directories(settings.directory);
  BOOST_TEST(!print.submit_manifest(batch_manifest()).replayed);
}

BOOST_AUTO_TEST_SUITE_END()
