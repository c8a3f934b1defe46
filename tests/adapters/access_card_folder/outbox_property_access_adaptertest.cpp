// OutboxPropertyAccess and the OutboxFolder under it, against a local folder standing in for
// the property system's import share; the test plays the property system.
#include "samverkan/adapters/access_card_folder/outbox_property_access.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sys/stat.h>
#include <unistd.h>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "samverkan/core/error.hpp"
#include "support/file_mode.hpp"
#include "support/temp_dir.hpp"

namespace adapters = samverkan::adapters;
namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

struct PropertySystem {
  samverkan::test::TempDir dir;
  fs::path outbox = dir / "import";
  adapters::OutboxSettings settings{outbox, outbox / "receipts", dir / "ledger"};

  PropertySystem() { fs::create_directories(outbox); }

  adapters::access_card_folder::OutboxPropertyAccess property_access() {
    return adapters::access_card_folder::OutboxPropertyAccess(settings, samverkan::ids::Kommunkod::parse("0686"),
                                                              "Eksjö card system");
  }

  // The property system's importer: takes every order file, returns their names.
  std::vector<std::string> pick_up() {
    std::vector<std::string> taken;
    fs::create_directories(dir / "processed");
    for (const auto& entry : fs::directory_iterator(outbox)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || name.front() == '.') continue;
      fs::rename(entry.path(), dir / "processed" / name);
      taken.push_back(name);
    }
    return taken;
  }

  void leave_receipt(const std::string& order_id, const std::string& json) {
    fs::create_directories(settings.receipts);
    dir.write("import/receipts/" + order_id + ".json", json);
  }

  std::vector<std::string> files_in_outbox() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(outbox)) names.push_back(entry.path().filename().string());
    return names;
  }
};

adapters::AccessCardOrder card(const char* key = "hire-17-card") {
  return adapters::AccessCardOrder{adapters::IdempotencyKey::parse(key),
                                   "Anna Andersson",
                                   "100234",
                                   {"STADSHUSET", "SKOLA-NORR/KOK"},
                                   2026y / August / 17d,
                                   2027y / August / 16d,
                                   "1230",
                                   "Receptionen, Stadshuset"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_property_access_adaptertest)

BOOST_FIXTURE_TEST_CASE(an_order_is_written_whole_and_followed_by_receipt, PropertySystem) {
  auto property = property_access();
  const auto receipt = property.order_card(card());
  BOOST_TEST(receipt.id == "card-hire-17-card");
  BOOST_TEST(!receipt.replayed);

  // Only the finished file is in the folder: no temporary left behind.
  BOOST_TEST(files_in_outbox() == std::vector<std::string>{"card-hire-17-card.json"}, boost::test_tools::per_element());
  Poco::JSON::Parser parser;
  const auto order =
      parser.parse(samverkan::test::read_file(outbox / "card-hire-17-card.json")).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(order->getValue<std::string>("type") == "access-card-order");
  BOOST_TEST(order->getValue<std::string>("orderId") == "card-hire-17-card");
  BOOST_TEST(order->getValue<std::string>("municipality") == "0686");
  BOOST_TEST(order->getObject("holder")->getValue<std::string>("name") == "Anna Andersson");
  BOOST_TEST(order->getArray("zones")->size() == 2U);
  BOOST_TEST(order->getValue<std::string>("validFrom") == "2026-08-17");
  BOOST_TEST(order->getValue<std::string>("validUntil") == "2027-08-16");

  BOOST_TEST((property.status(receipt.id).status == adapters::AccessOrderStatus::kQueued));
  BOOST_TEST(pick_up().size() == 1U);
  BOOST_TEST((property.status(receipt.id).status == adapters::AccessOrderStatus::kInProgress));
  leave_receipt(receipt.id, R"({"status":"done","message":"Kort 4711 aktiverat"})");
  const auto done = property.status(receipt.id);
  BOOST_TEST((done.status == adapters::AccessOrderStatus::kDone));
  BOOST_TEST(done.message == "Kort 4711 aktiverat");

  BOOST_CHECK_THROW(property.status("card-unknown"), samverkan::NotFound);
  BOOST_CHECK_THROW(property.status("../etc/passwd"), samverkan::InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(a_retried_order_is_written_once, PropertySystem) {
  auto property = property_access();
  property.order_card(card());
  const auto again = property.order_card(card());
  BOOST_TEST(again.replayed);
  BOOST_TEST(again.id == "card-hire-17-card");

  // Also after the property system has taken the file away: nothing is written again.
  BOOST_TEST(pick_up().size() == 1U);
  BOOST_TEST(property.order_card(card()).replayed);
  BOOST_TEST(pick_up().empty());

  auto changed = card();
  changed.zones = {"STADSHUSET"};
  BOOST_CHECK_THROW(property.order_card(changed), samverkan::Conflict);
  BOOST_TEST(pick_up().empty());
}

BOOST_FIXTURE_TEST_CASE(concurrent_retries_write_one_order, PropertySystem) {
  auto property = property_access();
  std::vector<std::thread> workers;
  std::atomic<int> placed{0};
  for (int i = 0; i < 8; ++i) {
    workers.emplace_back([&] {
      if (!property.order_card(card()).replayed) ++placed;
    });
  }
  for (auto& worker : workers) worker.join();
  BOOST_TEST(placed.load() == 1);
  BOOST_TEST(pick_up().size() == 1U);
}

BOOST_FIXTURE_TEST_CASE(a_crash_before_hand_over_is_repaired_by_the_retry, PropertySystem) {
  auto property = property_access();
  property.order_card(card());
  // Simulate a crash after the ledger entry, before the file reached the folder.
  fs::remove(outbox / "card-hire-17-card.json");
  const std::string ledger = samverkan::test::read_file(dir / "ledger/card-hire-17-card.sha256");
  std::string pending = ledger;
  pending.replace(pending.find("state=sent"), 10, "state=pending");
  dir.write("ledger/card-hire-17-card.sha256", pending);

  const auto retry = property.order_card(card());
  BOOST_TEST(retry.replayed);
  BOOST_TEST(fs::exists(outbox / "card-hire-17-card.json"), "handed over again under the same id");
}

BOOST_FIXTURE_TEST_CASE(an_unreachable_share_is_unavailable_and_leaves_no_claim, PropertySystem) {
  auto property = property_access();
  fs::remove_all(outbox);  // the share is not mounted
  try {
    property.order_card(card());
    BOOST_FAIL("accepted");
  } catch (const samverkan::Unavailable& error) {
    BOOST_TEST(std::string(error.what()).find("is not reachable") != std::string::npos, error.what());
  }
  BOOST_CHECK_THROW(property.status("card-hire-17-card"), samverkan::Unavailable);

  fs::create_directories(outbox);
  ::chmod(outbox.c_str(), 0500);              // mounted read-only
  if (::access(outbox.c_str(), W_OK) != 0) {  // (root could write anyway)
    BOOST_CHECK_THROW(property.order_card(card()), samverkan::Unavailable);
  }
  ::chmod(outbox.c_str(), 0700);
  const auto placed = property.order_card(card());  // the failed attempts left no claim behind
  BOOST_TEST(!placed.replayed);
  BOOST_TEST(pick_up().size() == 1U);
}

BOOST_FIXTURE_TEST_CASE(invalid_orders_and_odd_receipts, PropertySystem) {
  auto property = property_access();
  auto bad = card();
  bad.zones.clear();
  BOOST_CHECK_THROW(property.order_card(bad), samverkan::InvalidInput);
  BOOST_TEST(files_in_outbox().empty());

  const auto revocation = property.revoke_cards(adapters::AccessCardRevocation{
      adapters::IdempotencyKey::parse("end-17"), "100234", 2026y / December / 31d, "termination"});
  BOOST_TEST(revocation.id == "revoke-end-17");
  leave_receipt(revocation.id, R"({"status":"rejected","message":"okänd person"})");
  BOOST_TEST((property.status(revocation.id).status == adapters::AccessOrderStatus::kRejected));
  leave_receipt(revocation.id, R"({"status":"lost"})");
  BOOST_CHECK_THROW(property.status(revocation.id), samverkan::Unavailable);
  leave_receipt(revocation.id, "{not json");
  BOOST_CHECK_THROW(property.status(revocation.id), samverkan::Unavailable);
}

BOOST_AUTO_TEST_CASE(atomic_writes_replace_whole_files) {
  samverkan::test::TempDir dir;
  adapters::write_file_atomically(dir / "a.txt", "first");
  adapters::write_file_atomically(dir / "a.txt", "second");
  BOOST_TEST(samverkan::test::read_file(dir / "a.txt") == "second");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) names.push_back(entry.path().filename().string());
  BOOST_TEST(names == std::vector<std::string>{"a.txt"}, boost::test_tools::per_element());
  BOOST_CHECK_THROW(adapters::write_file_atomically(dir / "missing/a.txt", "x"), samverkan::Unavailable);
}

BOOST_AUTO_TEST_CASE(atomic_writes_give_the_mode_asked_for) {
  samverkan::test::TempDir dir;
  const mode_t old_umask = ::umask(022);
  adapters::write_file_atomically(dir / "order.json", "{}");
  adapters::write_file_atomically(dir / "letter.pdf", "%PDF", fs::perms::owner_read | fs::perms::owner_write);
  ::umask(old_umask);
  BOOST_TEST(samverkan::test::mode_of(dir / "order.json") == 0640U, "an outbox's default: the pick-up group reads");
  BOOST_TEST(samverkan::test::mode_of(dir / "letter.pdf") == 0600U, "personal data: the owner only");
}

BOOST_AUTO_TEST_SUITE_END()
