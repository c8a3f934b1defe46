#include <boost/test/unit_test.hpp>

#include "libcore/storage/migrator_checks.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

struct SqliteFixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "nested/db.sqlite").string()), 2);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(migrator_test)

BOOST_FIXTURE_TEST_CASE(embedded_migrations_apply_once, SqliteFixture) {
  test::check_embedded_migrations_apply_once(*db);
}
BOOST_FIXTURE_TEST_CASE(placeholders_and_statements, SqliteFixture) { test::check_placeholders_and_statements(*db); }
BOOST_FIXTURE_TEST_CASE(newer_schema_refused, SqliteFixture) { test::check_newer_schema_refused(*db); }
BOOST_FIXTURE_TEST_CASE(changed_migration_refused, SqliteFixture) { test::check_changed_migration_refused(*db); }
BOOST_FIXTURE_TEST_CASE(failed_migration_rolled_back, SqliteFixture) { test::check_failed_migration_rolled_back(*db); }

BOOST_AUTO_TEST_CASE(split_statements_keeps_multiline_statements) {
  const auto parts =
      storage::split_statements("-- c\nCREATE TABLE a (\n  x INTEGER\n);\n\nINSERT INTO a VALUES (1);\n");
  BOOST_TEST(parts.size() == 2u);
  BOOST_TEST(parts[0] == "CREATE TABLE a (\n  x INTEGER\n)");
  BOOST_TEST(parts[1] == "INSERT INTO a VALUES (1)");
}

BOOST_AUTO_TEST_CASE(dialects_expand_differently) {
  const storage::Dialect sqlite(storage::Backend::kSqlite);
  const storage::Dialect pg(storage::Backend::kPostgresql);
  BOOST_TEST(sqlite.expand("x {{blob}} {{timestamp}}") == "x BLOB TEXT");
  BOOST_TEST(pg.expand("x {{blob}} {{timestamp}}") == "x BYTEA TIMESTAMPTZ");
  BOOST_CHECK_THROW(pg.expand("{{nope}}"), InternalError);
  BOOST_CHECK_THROW(pg.expand("{{id"), InternalError);
}

BOOST_AUTO_TEST_CASE(unopenable_sqlite_file_is_unavailable) {
  test::TempDir dir;
  const auto blocker = dir.write("file", "x");  // a file where a folder is needed
  BOOST_CHECK_THROW(storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (blocker / "db").string()), 1),
                    Unavailable);
}

BOOST_AUTO_TEST_SUITE_END()
