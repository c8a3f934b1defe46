#include <boost/test/unit_test.hpp>

#include "services/eservices/submissions_checks.hpp"

using namespace samverkan;

namespace {

struct SqliteFixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "submissions.db").string()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(submissions_test)

BOOST_FIXTURE_TEST_CASE(submission_receipts_and_references, SqliteFixture) {
  test::check_submission_receipts_and_references(*db);
}
BOOST_FIXTURE_TEST_CASE(login_version_and_withdrawal_are_enforced, SqliteFixture) {
  test::check_login_version_and_withdrawal_are_enforced(*db);
}
BOOST_FIXTURE_TEST_CASE(answers_are_encrypted_at_rest, SqliteFixture) {
  test::check_answers_are_encrypted_at_rest(*db);
}
BOOST_FIXTURE_TEST_CASE(inbox_is_per_municipality, SqliteFixture) { test::check_inbox_is_per_municipality(*db); }
BOOST_FIXTURE_TEST_CASE(drafts_are_saved_resumed_and_private, SqliteFixture) {
  test::check_drafts_are_saved_resumed_and_private(*db);
}

BOOST_FIXTURE_TEST_CASE(status_changes_and_history, SqliteFixture) { test::check_status_changes_and_history(*db); }
BOOST_FIXTURE_TEST_CASE(concurrent_submissions_get_unique_references, SqliteFixture) {
  test::check_concurrent_submissions_get_unique_references(*db, 2, 10);
}

BOOST_AUTO_TEST_SUITE_END()
