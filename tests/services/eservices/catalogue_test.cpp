#include <boost/test/unit_test.hpp>

#include "services/eservices/catalogue_checks.hpp"

using namespace samverkan;

namespace {

struct SqliteFixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "catalogue.db").string()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(catalogue_test)

BOOST_FIXTURE_TEST_CASE(import_is_idempotent_and_versions_never_change, SqliteFixture) {
  test::check_import_is_idempotent_and_versions_never_change(*db);
}
BOOST_FIXTURE_TEST_CASE(only_the_owners_editors_import, SqliteFixture) {
  test::check_only_the_owners_editors_import(*db);
}
BOOST_FIXTURE_TEST_CASE(pilot_then_adoption_with_local_overrides, SqliteFixture) {
  test::check_pilot_then_adoption_with_local_overrides(*db);
}
BOOST_FIXTURE_TEST_CASE(publishing_is_checked_against_the_municipality, SqliteFixture) {
  test::check_publishing_is_checked_against_the_municipality(*db);
}
BOOST_FIXTURE_TEST_CASE(withdraw_and_submission_versions, SqliteFixture) {
  test::check_withdraw_and_submission_versions(*db);
}

BOOST_AUTO_TEST_SUITE_END()
