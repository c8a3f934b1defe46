// The satisfaction survey and first-contact figures on PostgreSQL (the checks of satisfaction_test).
#include <boost/test/unit_test.hpp>

#include "services/eservices/satisfaction_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

struct PgFixture {
  test::PgDatabase database;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(satisfaction_pgtest)

BOOST_FIXTURE_TEST_CASE(survey_answer_and_anonymity, PgFixture) { test::check_survey_answer_and_anonymity(*db); }
BOOST_FIXTURE_TEST_CASE(first_contact_and_index, PgFixture) { test::check_first_contact_and_index(*db); }

BOOST_AUTO_TEST_SUITE_END()
