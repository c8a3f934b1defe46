// Bulk sending on PostgreSQL: the batch tables and the status query on the real server, a batch
// refused whole (nothing left behind), replays, and another municipality's batch not found.
#include <boost/test/unit_test.hpp>

#include "outbox_fixture.hpp"
#include "samverkan/mailbox/bulk.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;

namespace {

struct PgBulkFixture : OutboxFixture {
  PgBulkFixture() : OutboxFixture(true, 4) {}

  BulkAccepted send_batch(const std::vector<LetterRequest>& letters) {
    tenancy::Context ctx(*db, clerk, kSender, clock, &audit);
    auto accepted = bulk.send(ctx, letters);
    ctx.commit();
    return accepted;
  }

  BatchState batch_status(const std::string& id, const security::Principal& who, const ids::Kommunkod& where) {
    tenancy::Context ctx(*db, who, where, clock, &audit);
    auto state = bulk.status(ctx, id);
    ctx.commit();
    return state;
  }

  BulkMail bulk{keyring, queue};
};

std::vector<LetterRequest> letters(const std::string& prefix, std::size_t n) {
  std::vector<LetterRequest> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(test_letter(prefix + std::to_string(i)));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_pgtest)

BOOST_FIXTURE_TEST_CASE(a_batch_is_stored_counted_and_replayed_on_postgresql, PgBulkFixture) {
  const auto first = send_batch(letters("pg-", 50));
  BOOST_TEST(first.created == 50U);
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 50);

  reachable();
  auto w = worker();
  while (w.run_once() > 0) {
  }
  const auto state = batch_status(first.batch_id, clerk, kSender);
  BOOST_TEST(state.letters.size() == 50U);
  BOOST_TEST(state.delivered == 50U);
  BOOST_TEST(state.queued == 0U);
  BOOST_TEST(state.letters[49].index == 49U);
  BOOST_TEST(state.letters[49].state.client_request_id == "pg-49");

  const auto again = send_batch(letters("pg-", 51));
  BOOST_TEST(again.created == 1U);
  BOOST_TEST(again.letters[0].id == first.letters[0].id);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 51);

  BOOST_CHECK_THROW(batch_status(first.batch_id, neighbour, kNeighbour), NotFound);
}

BOOST_FIXTURE_TEST_CASE(a_refused_batch_leaves_nothing_on_postgresql, PgBulkFixture) {
  send_batch(letters("r-", 1));
  auto batch = letters("n-", 3);
  batch[1].subject = std::string(300, 'x');
  batch.push_back(test_letter("r-0"));
  batch.back().body = "Annat innehåll";
  try {
    send_batch(batch);
    BOOST_FAIL("the batch should be refused");
  } catch (const BulkRejected& e) {
    BOOST_TEST((e.kind() == ErrorKind::kInvalidInput));
    BOOST_TEST_REQUIRE(e.problems().size() == 2U);
    BOOST_TEST(e.problems()[0].index == 1U);
    BOOST_TEST(e.problems()[1].index == 3U);
    BOOST_TEST((e.problems()[1].kind == ErrorKind::kConflict));
  }
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_batch") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
