// Closing the paper route's daily print batches (PrintBatchCloser): two municipalities with a
// print vendor each, letters on paper over several days; each past day's batch reaches its
// municipality's vendor as one manifest with exactly its letters, once; today's batch stays
// open; a vendor that is down gets it on the next run; a refusal is recorded and not retried;
// letters forwarded for protected identity are in no batch.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <thread>

#include "print_batches_fixture.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(print_batches_test)

BOOST_FIXTURE_TEST_CASE(each_past_day_reaches_its_vendor_once_with_exactly_its_letters, PrintBatchFixture) {
  // 2026-11-22
  const auto a1 = on_paper("a1", kSender);
  const auto a2 = on_paper("a2", kSender);
  const auto forwarded = on_paper("a-protected", kSender, true);
  const auto e1 = on_paper("e1", kNeighbour);
  clock.advance(24h);  // 2026-11-23
  const auto a3 = on_paper("a3", kSender);
  const auto e2 = on_paper("e2", kNeighbour);
  clock.advance(24h);  // 2026-11-24: today
  const auto a4 = on_paper("a4", kSender);

  const auto run = close();
  BOOST_TEST(run.sent.size() == 4U);
  BOOST_TEST(run.refused.empty());
  BOOST_TEST(run.left.empty());

  const auto aneby = aneby_printer->manifests();
  const auto eksjo = eksjo_printer->manifests();
  BOOST_REQUIRE_EQUAL(aneby.size(), 2U);
  BOOST_REQUIRE_EQUAL(eksjo.size(), 2U);
  const auto* aneby_22 = find_manifest(aneby, "0604-2026-11-22");
  const auto* aneby_23 = find_manifest(aneby, "0604-2026-11-23");
  const auto* eksjo_22 = find_manifest(eksjo, "0686-2026-11-22");
  const auto* eksjo_23 = find_manifest(eksjo, "0686-2026-11-23");
  BOOST_REQUIRE(aneby_22 != nullptr);
  BOOST_REQUIRE(aneby_23 != nullptr);
  BOOST_REQUIRE(eksjo_22 != nullptr);
  BOOST_REQUIRE(eksjo_23 != nullptr);
  BOOST_TEST((letter_ids(*aneby_22) == std::set<std::string>{a1, a2}), "no forwarded letter, no other day");
  BOOST_TEST((letter_ids(*aneby_23) == std::set<std::string>{a3}));
  BOOST_TEST((letter_ids(*eksjo_22) == std::set<std::string>{e1}), "never another municipality's letters");
  BOOST_TEST((letter_ids(*eksjo_23) == std::set<std::string>{e2}));
  BOOST_TEST(find_manifest(aneby, "0604-2026-11-24") == nullptr, "today's batch stays open");
  for (const auto& manifest : {*aneby_22, *aneby_23, *eksjo_22, *eksjo_23}) {
    BOOST_TEST(manifest.count == manifest.letters.size());
    BOOST_TEST(manifest.date == manifest.batch_id.substr(5));
    BOOST_TEST(manifest.municipality == manifest.batch_id.substr(0, 4));
    for (const auto& letter : manifest.letters) {
      BOOST_TEST(letter.letter_id != forwarded);
      BOOST_TEST(letter.letter_id != a4);
      BOOST_TEST(letter.job_id == "print-mailbox-" + letter.letter_id, "the job id the vendor gave");
      BOOST_TEST(letter.document_title == "Brev " + letter.letter_id);
    }
  }
  BOOST_TEST(aneby_22->sender_name == "Aneby kommun");
  BOOST_TEST(eksjo_22->sender_name == "Eksjö kommun");
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_print_batch WHERE state = 'sent'") == 4);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_print_batch WHERE municipality = '0604' AND batch_id = "
                   "'0604-2026-11-22' AND letters = 2 AND day = '2026-11-22' AND vendor_receipt = "
                   "'batch-0604-2026-11-22'") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.print-batch.close'") == 4);

  // A second run sends nothing new.
  const auto again = close();
  BOOST_TEST(again.sent.empty());
  BOOST_TEST(again.left.empty());
  BOOST_TEST(aneby_printer->manifests().size() == 2U);
  BOOST_TEST(eksjo_printer->manifests().size() == 2U);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.print-batch.close'") == 4);

  // The next day, today's batch is closed too, and only it.
  clock.advance(24h);
  const auto next_day = close();
  BOOST_REQUIRE_EQUAL(next_day.sent.size(), 1U);
  BOOST_TEST(next_day.sent[0].batch_id == "0604-2026-11-24");
  BOOST_TEST((letter_ids(aneby_printer->manifests().back()) == std::set<std::string>{a4}));
}

BOOST_FIXTURE_TEST_CASE(a_day_is_closed_only_after_the_grace_after_midnight, PrintBatchFixture) {
  const auto a1 = on_paper("a1", kSender);       // 2026-11-22 09:00
  clock.advance(15h + kPrintBatchGrace - 1min);  // 2026-11-23 00:09
  BOOST_TEST(close().sent.empty());
  BOOST_TEST(aneby_printer->manifests().empty());
  clock.advance(2min);
  BOOST_TEST(close().sent.size() == 1U);
  BOOST_REQUIRE_EQUAL(aneby_printer->manifests().size(), 1U);
  BOOST_TEST((letter_ids(aneby_printer->manifests()[0]) == std::set<std::string>{a1}));
}

BOOST_FIXTURE_TEST_CASE(a_vendor_that_is_down_gets_the_batch_on_the_next_run, PrintBatchFixture) {
  const auto a1 = on_paper("a1", kSender);
  const auto e1 = on_paper("e1", kNeighbour);
  clock.advance(24h);
  aneby_printer->unavailable = true;
  const auto run = close();
  BOOST_REQUIRE_EQUAL(run.left.size(), 1U);
  BOOST_TEST(run.left[0].batch_id == "0604-2026-11-22");
  BOOST_TEST(run.left[0].reason.find("down") != std::string::npos);
  BOOST_TEST_REQUIRE(run.sent.size() == 1U, "the other municipality's vendor is not held up");
  BOOST_TEST(run.sent[0].batch_id == "0686-2026-11-22");
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_print_batch WHERE municipality = '0604'") == 0,
             "nothing recorded for the batch left");
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.print-batch.close'") == 1);

  aneby_printer->unavailable = false;
  const auto next = close();
  BOOST_REQUIRE_EQUAL(next.sent.size(), 1U);
  BOOST_TEST(next.sent[0].batch_id == "0604-2026-11-22");
  BOOST_TEST(next.sent[0].letters == 1U);
  BOOST_REQUIRE_EQUAL(aneby_printer->manifests().size(), 1U);
  BOOST_TEST((letter_ids(aneby_printer->manifests()[0]) == std::set<std::string>{a1}));
  BOOST_TEST((letter_ids(eksjo_printer->manifests().at(0)) == std::set<std::string>{e1}));
  BOOST_TEST(close().sent.empty());
}

BOOST_FIXTURE_TEST_CASE(a_refused_batch_is_recorded_with_the_reason_and_not_retried, PrintBatchFixture) {
  on_paper("a1", kSender);
  clock.advance(24h);
  aneby_printer->refuse_manifests = true;
  const auto run = close();
  BOOST_TEST(run.sent.empty());
  BOOST_REQUIRE_EQUAL(run.refused.size(), 1U);
  BOOST_TEST(run.refused[0].detail.find("refuses") != std::string::npos);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_print_batch WHERE state = 'refused' AND vendor_receipt IS NULL "
                   "AND refusal_reason LIKE '%refuses%'") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.print-batch.refused'") == 1);

  aneby_printer->refuse_manifests = false;
  const auto again = close();
  BOOST_TEST(again.sent.empty());
  BOOST_TEST(again.refused.empty());
  BOOST_TEST(aneby_printer->manifests().empty());
}

BOOST_FIXTURE_TEST_CASE(the_worker_closes_due_batches_and_stops, PrintBatchFixture) {
  const auto a1 = on_paper("a1", kSender);
  clock.advance(24h);
  PrintBatchWorker worker(*db, audit, vendors, clock, nullptr, std::chrono::milliseconds(20));
  worker.start();
  for (int i = 0; i < 250 && aneby_printer->manifests().empty(); ++i) std::this_thread::sleep_for(20ms);
  worker.stop();
  worker.stop();  // idempotent
  BOOST_REQUIRE_EQUAL(aneby_printer->manifests().size(), 1U);
  BOOST_TEST((letter_ids(aneby_printer->manifests()[0]) == std::set<std::string>{a1}));
}

BOOST_AUTO_TEST_SUITE_END()
