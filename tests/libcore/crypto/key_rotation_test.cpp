#include <boost/test/unit_test.hpp>

#include "libcore/crypto/key_rotation_checks.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

struct SqliteFixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "db.sqlite").string()), 2);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(key_rotation_test)

BOOST_FIXTURE_TEST_CASE(resumes_after_a_crash, SqliteFixture) { test::check_rotation_resumes_after_a_crash(*db); }
BOOST_FIXTURE_TEST_CASE(stops_at_an_undecryptable_value, SqliteFixture) {
  test::check_rotation_stops_at_an_undecryptable_value(*db);
}
BOOST_FIXTURE_TEST_CASE(refuses_bad_identifiers, SqliteFixture) { test::check_rotation_refuses_bad_identifiers(*db); }
BOOST_FIXTURE_TEST_CASE(walks_a_composite_key, SqliteFixture) { test::check_rotation_walks_a_composite_key(*db); }
BOOST_FIXTURE_TEST_CASE(keeps_concurrent_writes, SqliteFixture) { test::check_rotation_keeps_concurrent_writes(*db); }
BOOST_FIXTURE_TEST_CASE(reports_a_writer_on_the_old_key, SqliteFixture) {
  test::check_rotation_reports_a_writer_on_the_old_key(*db);
}

BOOST_AUTO_TEST_CASE(identifier_rule) {
  crypto::check_sql_identifier("errand_answer");
  BOOST_CHECK_THROW(crypto::check_sql_identifier(std::string(64, 'a')), InvalidInput);
  BOOST_CHECK_THROW(crypto::check_sql_identifier("a.b"), InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
