// Submissions by trusted integrations on PostgreSQL (errand_intake_checks.hpp).
#include <boost/test/unit_test.hpp>

#include "services/eservices/errand_intake_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

struct PgFixture {
  test::PgDatabase database;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(errand_intake_pgtest)

BOOST_FIXTURE_TEST_CASE(intake_is_idempotent_and_the_citizens_own, PgFixture) {
  test::check_intake_is_idempotent_and_the_citizens_own(*db);
}

BOOST_AUTO_TEST_SUITE_END()
