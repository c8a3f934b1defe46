#include <boost/test/unit_test.hpp>

#include "services/eservices/submissions_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

struct PgFixture {
  test::PgDatabase database;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(submissions_pgtest)

BOOST_FIXTURE_TEST_CASE(submission_receipts_and_references, PgFixture) {
  test::check_submission_receipts_and_references(*db);
}
BOOST_FIXTURE_TEST_CASE(login_version_and_withdrawal_are_enforced, PgFixture) {
  test::check_login_version_and_withdrawal_are_enforced(*db);
}
BOOST_FIXTURE_TEST_CASE(answers_are_encrypted_at_rest, PgFixture) { test::check_answers_are_encrypted_at_rest(*db); }
BOOST_FIXTURE_TEST_CASE(inbox_is_per_municipality, PgFixture) { test::check_inbox_is_per_municipality(*db); }
BOOST_FIXTURE_TEST_CASE(drafts_are_saved_resumed_and_private, PgFixture) {
  test::check_drafts_are_saved_resumed_and_private(*db);
}

BOOST_FIXTURE_TEST_CASE(status_changes_and_history, PgFixture) { test::check_status_changes_and_history(*db); }
BOOST_FIXTURE_TEST_CASE(concurrent_submissions_get_unique_references, PgFixture) {
  test::check_concurrent_submissions_get_unique_references(*db, 4, 10);
}

BOOST_AUTO_TEST_SUITE_END()
