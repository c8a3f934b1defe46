#include <boost/test/unit_test.hpp>

#include "services/server/encrypted_columns_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(encrypted_columns_pgtest)

BOOST_AUTO_TEST_CASE(every_encrypted_value_is_rotated) {
  test::PgDatabase database;
  test::TempDir dir;
  auto db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 4);
  test::check_every_encrypted_value_is_rotated(*db, database.url(), dir);
}

BOOST_AUTO_TEST_SUITE_END()
