#include <boost/test/unit_test.hpp>

#include "libcore/audit/audit_log_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

struct PgFixture {
  test::PgDatabase database;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 8);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_log_pgtest)

BOOST_FIXTURE_TEST_CASE(appends_and_verifies, PgFixture) { test::check_appends_and_verifies(*db); }
BOOST_FIXTURE_TEST_CASE(search_filters_and_pages, PgFixture) { test::check_search_filters_and_pages(*db); }
BOOST_FIXTURE_TEST_CASE(edited_entry, PgFixture) { test::check_edited_entry(*db); }
BOOST_FIXTURE_TEST_CASE(deleted_middle_entry, PgFixture) { test::check_deleted_middle_entry(*db); }
BOOST_FIXTURE_TEST_CASE(deleted_first_entry, PgFixture) { test::check_deleted_first_entry(*db); }
BOOST_FIXTURE_TEST_CASE(deleted_last_entry, PgFixture) { test::check_deleted_last_entry(*db); }
BOOST_FIXTURE_TEST_CASE(reordered_entries, PgFixture) { test::check_reordered_entries(*db); }
BOOST_FIXTURE_TEST_CASE(inserted_entry_at_the_end, PgFixture) { test::check_inserted_entry_at_the_end(*db); }
BOOST_FIXTURE_TEST_CASE(inserted_entry_in_the_middle, PgFixture) { test::check_inserted_entry_in_the_middle(*db); }
BOOST_FIXTURE_TEST_CASE(forged_entry_with_a_bad_link, PgFixture) { test::check_forged_entry_with_a_bad_link(*db); }
BOOST_FIXTURE_TEST_CASE(rewritten_entry_with_recomputed_hash, PgFixture) {
  test::check_rewritten_entry_with_recomputed_hash(*db);
}
BOOST_FIXTURE_TEST_CASE(tampering_in_one_municipality_only, PgFixture) {
  test::check_tampering_in_one_municipality_only(*db);
}
BOOST_FIXTURE_TEST_CASE(deleted_head, PgFixture) { test::check_deleted_head(*db); }
BOOST_FIXTURE_TEST_CASE(refusal_survives_the_callers_rollback, PgFixture) {
  test::check_refusal_survives_the_callers_rollback(*db);
}
BOOST_FIXTURE_TEST_CASE(citizen_is_pseudonymised, PgFixture) { test::check_citizen_is_pseudonymised(*db); }
BOOST_FIXTURE_TEST_CASE(appends_in_one_transaction, PgFixture) { test::check_appends_in_one_transaction(*db); }
BOOST_FIXTURE_TEST_CASE(citizen_pseudonym_matches_the_recorded_principal, PgFixture) {
  test::check_citizen_pseudonym_matches_the_recorded_principal(*db);
}

BOOST_FIXTURE_TEST_CASE(concurrent_appends_8_threads_x_50, PgFixture) {
  // Each append locks the chain's head row (SELECT ... FOR UPDATE): sequences 1..400, no gaps.
  // The chain is new, so the threads also race to create its head row.
  const double rate = test::check_concurrent_appends(*db, 8, 50);
  BOOST_TEST_MESSAGE("PostgreSQL: 8 threads x 50 appends, " << static_cast<int>(rate) << " appends/s");
}

BOOST_FIXTURE_TEST_CASE(refusal_while_the_caller_holds_row_locks, PgFixture) {
  test::AuditWorld world(*db);
  test::exec_sql(*db, "CREATE TABLE note (municipality CHAR(4) NOT NULL, body TEXT)");
  {
    auto session = db->acquire();
    soci::transaction caller(*session);
    tenancy::TenantSession tx(*session, db->dialect(), test::code("0604"));
    tx.exec("INSERT INTO note (municipality, body) VALUES (:tenant, 'half done')");
    world.log.append_separately(*db, test::code("0604"), world.anna, world.clock.now(),
                                {"errand.close", "errand", "42"}, audit::Outcome::kRefused);
    caller.rollback();
  }
  test::expect_intact(*db, 1);
  BOOST_TEST(test::read_stored(*db, "0604", 1).outcome == "refused");
}

BOOST_FIXTURE_TEST_CASE(separate_append_blocked_by_the_callers_head_lock_fails_not_hangs, PgFixture) {
  test::AuditWorld world(*db);
  auto session = db->acquire();
  soci::transaction caller(*session);
  tenancy::TenantSession tx(*session, db->dialect(), test::code("0604"));
  world.log.append(tx, world.anna, world.clock.now(), {"errand.read", "errand", "42"}, audit::Outcome::kSuccess);
  // The caller now holds 0604's head lock; a refusal for 0604 on another connection would wait
  // for a transaction that waits for it. It must give up (lock_timeout) with Unavailable.
  const auto started = std::chrono::steady_clock::now();
  BOOST_CHECK_EXCEPTION(world.log.append_separately(*db, test::code("0604"), world.anna, world.clock.now(),
                                                    {"errand.close", "errand", "42"}, audit::Outcome::kRefused),
                        Unavailable, [](const Unavailable& e) {
                          return std::string(e.what()).find("cannot append to the audit trail of 0604") == 0;
                        });
  const bool gave_up_in_time = std::chrono::steady_clock::now() - started < std::chrono::seconds(30);
  BOOST_TEST(gave_up_in_time);
  // Another municipality's chain is not blocked.
  world.log.append_separately(*db, test::code("0680"), world.anna, world.clock.now(), {"errand.close", "errand", "1"},
                              audit::Outcome::kRefused);
  caller.commit();
  test::expect_intact(*db, 2);
}

BOOST_FIXTURE_TEST_CASE(sequential_append_rate, PgFixture) {
  const auto rates = test::check_sequential_append_rate(*db, 1000);
  BOOST_TEST_MESSAGE("PostgreSQL: 1000 sequential appends, "
                     << static_cast<int>(rates.appends_per_second) << " appends/s; verify "
                     << static_cast<int>(rates.verified_per_second) << " entries/s");
}

BOOST_AUTO_TEST_SUITE_END()
