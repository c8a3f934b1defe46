// Handler work on errands on PostgreSQL (the checks of errand_work_test).
#include <boost/test/unit_test.hpp>

#include "services/eservices/errand_work_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

struct PgFixture {
  test::PgDatabase database;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(errand_work_pgtest)

BOOST_FIXTURE_TEST_CASE(assignment_and_my_errands, PgFixture) { test::check_assignment_and_my_errands(*db); }
BOOST_FIXTURE_TEST_CASE(notes_and_messages, PgFixture) { test::check_notes_and_messages(*db); }
BOOST_FIXTURE_TEST_CASE(inbox_paging_attachment_and_case_file, PgFixture) {
  test::check_inbox_paging_attachment_and_case_file(*db);
}

BOOST_FIXTURE_TEST_CASE(overdue_filter, PgFixture) { test::check_overdue_filter(*db); }

BOOST_AUTO_TEST_SUITE_END()
