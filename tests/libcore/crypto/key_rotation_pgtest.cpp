#include <boost/test/unit_test.hpp>

#include "libcore/crypto/key_rotation_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

struct PgFixture {
  test::PgDatabase database;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 2);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(key_rotation_pgtest)

BOOST_FIXTURE_TEST_CASE(resumes_after_a_crash, PgFixture) { test::check_rotation_resumes_after_a_crash(*db); }
BOOST_FIXTURE_TEST_CASE(stops_at_an_undecryptable_value, PgFixture) {
  test::check_rotation_stops_at_an_undecryptable_value(*db);
}
BOOST_FIXTURE_TEST_CASE(refuses_bad_identifiers, PgFixture) { test::check_rotation_refuses_bad_identifiers(*db); }
BOOST_FIXTURE_TEST_CASE(walks_a_composite_key, PgFixture) { test::check_rotation_walks_a_composite_key(*db); }
BOOST_FIXTURE_TEST_CASE(keeps_concurrent_writes, PgFixture) { test::check_rotation_keeps_concurrent_writes(*db); }
BOOST_FIXTURE_TEST_CASE(reports_a_writer_on_the_old_key, PgFixture) {
  test::check_rotation_reports_a_writer_on_the_old_key(*db);
}

BOOST_AUTO_TEST_SUITE_END()
