// Closing the paper route's print batches on PostgreSQL: the SQL of PrintBatchCloser on the real
// server, and two closers (each with its own connection pool, as two processes would have)
// running at once: every batch is recorded once and its vendor sees the manifest once (a second
// hand-over would be a replay).
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <thread>

#include "print_batches_fixture.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;
using namespace std::chrono_literals;

namespace {

struct PgPrintBatchFixture : PrintBatchFixture {
  PgPrintBatchFixture() : PrintBatchFixture(true) {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(print_batches_pgtest)

BOOST_FIXTURE_TEST_CASE(past_batches_are_closed_once_on_postgresql, PgPrintBatchFixture) {
  const auto a1 = on_paper("a1", kSender);
  const auto a2 = on_paper("a2", kSender);
  on_paper("a-protected", kSender, true);
  const auto e1 = on_paper("e1", kNeighbour);
  clock.advance(24h);
  const auto a3 = on_paper("a3", kSender);

  aneby_printer->unavailable = true;
  const auto down = close();
  BOOST_TEST(down.left.size() == 1U);
  BOOST_TEST(down.sent.size() == 1U);
  aneby_printer->unavailable = false;

  // Two processes at once: each with its own pool.
  auto other_db = storage::Database::open(storage::DatabaseUrl::parse(pg->url()), 2);
  PrintBatchRun first, second;
  std::thread t1([&] { first = PrintBatchCloser(*db, audit, vendors, clock).close_due(clock.now()); });
  std::thread t2([&] { second = PrintBatchCloser(*other_db, audit, vendors, clock).close_due(clock.now()); });
  t1.join();
  t2.join();
  BOOST_TEST(first.left.empty());
  BOOST_TEST(second.left.empty());
  BOOST_TEST(first.sent.size() + second.sent.size() == 1U, "the one batch due is recorded by one of them");

  const auto aneby = aneby_printer->manifests();
  BOOST_REQUIRE_EQUAL(aneby.size(), 1U);
  BOOST_TEST((letter_ids(aneby[0]) == std::set<std::string>{a1, a2}));
  BOOST_TEST((letter_ids(eksjo_printer->manifests().at(0)) == std::set<std::string>{e1}));
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_print_batch") == 2);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_print_batch WHERE batch_id = '0604-2026-11-22' AND letters = 2 "
                   "AND state = 'sent' AND refusal_reason IS NULL") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.print-batch.close'") == 2);
  BOOST_TEST(close().sent.empty());

  clock.advance(24h);
  const auto next = close();
  BOOST_REQUIRE_EQUAL(next.sent.size(), 1U);
  BOOST_TEST((letter_ids(aneby_printer->manifests().back()) == std::set<std::string>{a3}));
}

BOOST_AUTO_TEST_SUITE_END()
