// Handler work on errands on SQLite: assignment and "my errands", internal notes, messages
// with the citizen (errand_work_checks.hpp; the same checks run on PostgreSQL in
// errand_work_pgtest).
#include <boost/test/unit_test.hpp>

#include "services/eservices/errand_work_checks.hpp"

using namespace samverkan;

namespace {

struct SqliteFixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "errands.db").string()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(errand_work_test)

BOOST_FIXTURE_TEST_CASE(assignment_and_my_errands, SqliteFixture) { test::check_assignment_and_my_errands(*db); }
BOOST_FIXTURE_TEST_CASE(notes_and_messages, SqliteFixture) { test::check_notes_and_messages(*db); }
BOOST_FIXTURE_TEST_CASE(inbox_paging_attachment_and_case_file, SqliteFixture) {
  test::check_inbox_paging_attachment_and_case_file(*db);
}

BOOST_FIXTURE_TEST_CASE(overdue_filter, SqliteFixture) { test::check_overdue_filter(*db); }

BOOST_AUTO_TEST_SUITE_END()
