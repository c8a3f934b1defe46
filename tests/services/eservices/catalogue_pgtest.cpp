#include <boost/test/unit_test.hpp>

#include "services/eservices/catalogue_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

struct PgFixture {
  test::PgDatabase database;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(catalogue_pgtest)

BOOST_FIXTURE_TEST_CASE(import_is_idempotent_and_versions_never_change, PgFixture) {
  test::check_import_is_idempotent_and_versions_never_change(*db);
}
BOOST_FIXTURE_TEST_CASE(only_the_owners_editors_import, PgFixture) { test::check_only_the_owners_editors_import(*db); }
BOOST_FIXTURE_TEST_CASE(pilot_then_adoption_with_local_overrides, PgFixture) {
  test::check_pilot_then_adoption_with_local_overrides(*db);
}
BOOST_FIXTURE_TEST_CASE(publishing_is_checked_against_the_municipality, PgFixture) {
  test::check_publishing_is_checked_against_the_municipality(*db);
}
BOOST_FIXTURE_TEST_CASE(withdraw_and_submission_versions, PgFixture) {
  test::check_withdraw_and_submission_versions(*db);
}

BOOST_AUTO_TEST_SUITE_END()
