// Handler work on errands on SQLite: assignment and "my errands", internal notes, messages
// with the citizen (satisfaction_checks.hpp; the same checks run on PostgreSQL in
// errand_work_pgtest).
#include <boost/test/unit_test.hpp>

#include "services/eservices/satisfaction_checks.hpp"

using namespace samverkan;

namespace {

struct SqliteFixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "satisfaction.db").string()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(satisfaction_test)

BOOST_FIXTURE_TEST_CASE(survey_answer_and_anonymity, SqliteFixture) { test::check_survey_answer_and_anonymity(*db); }
BOOST_FIXTURE_TEST_CASE(first_contact_and_index, SqliteFixture) { test::check_first_contact_and_index(*db); }

BOOST_AUTO_TEST_SUITE_END()
