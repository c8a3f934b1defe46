// On submit: the diary case and the e-mail receipt as durable jobs (SQLite).
#include <boost/test/unit_test.hpp>

#include "services/eservices/on_submit_checks.hpp"

using namespace samverkan;

namespace {
struct SqliteFixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "on_submit.db").string()), 4);
};
}  // namespace

BOOST_AUTO_TEST_SUITE(on_submit_test)

BOOST_FIXTURE_TEST_CASE(a_submission_ends_with_a_diary_case_and_one_mail, SqliteFixture) {
  test::check_a_submission_ends_with_a_diary_case_and_one_mail(*db);
}
BOOST_FIXTURE_TEST_CASE(a_diary_or_relay_that_is_down_is_retried_later, SqliteFixture) {
  test::check_a_diary_that_is_down_is_retried_later(*db);
}
BOOST_FIXTURE_TEST_CASE(replayed_jobs_do_nothing_twice, SqliteFixture) {
  test::check_replayed_jobs_do_nothing_twice(*db);
}
BOOST_FIXTURE_TEST_CASE(jobs_follow_the_definition_and_the_transaction, SqliteFixture) {
  test::check_jobs_follow_the_definition_and_the_transaction(*db);
}

BOOST_AUTO_TEST_SUITE_END()
