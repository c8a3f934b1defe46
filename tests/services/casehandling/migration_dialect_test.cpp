// Dialect sections in migrations on SQLite: the splitter, the Migrator, and the platform's
// migrations (the public register's GIN indexes exist only on PostgreSQL).
#include <boost/test/unit_test.hpp>

#include "casehandling_fixture.hpp"
#include "migration_dialect_checks.hpp"

using namespace samverkan;
using storage::Backend;

BOOST_AUTO_TEST_SUITE(migration_dialect_test)

BOOST_AUTO_TEST_CASE(sections_select_statements_per_dialect) {
  const std::string sql =
      "-- header\nCREATE TABLE a (\n  x INTEGER\n);\n"
      "-- samverkan:dialect postgresql\nCREATE INDEX pg ON a USING GIN (x);\n"
      "--samverkan:dialect sqlite\nCREATE INDEX lite ON a (x);\n"
      "-- samverkan:dialect all\nINSERT INTO a VALUES (1);\n";
  BOOST_TEST((storage::split_statements(sql, Backend::kPostgresql) ==
              std::vector<std::string>{"CREATE TABLE a (\n  x INTEGER\n)", "CREATE INDEX pg ON a USING GIN (x)",
                                       "INSERT INTO a VALUES (1)"}));
  BOOST_TEST((storage::split_statements(sql, Backend::kSqlite) ==
              std::vector<std::string>{"CREATE TABLE a (\n  x INTEGER\n)", "CREATE INDEX lite ON a (x)",
                                       "INSERT INTO a VALUES (1)"}));
  BOOST_TEST(storage::split_statements(sql).size() == 4u);
  // A file without sections is the same on both.
  const std::string plain = "CREATE TABLE b (y INTEGER);\nINSERT INTO b VALUES (2);\n";
  BOOST_TEST(storage::split_statements(plain, Backend::kSqlite) ==
             storage::split_statements(plain, Backend::kPostgresql));
  // An ordinary comment that mentions dialects is only a comment.
  BOOST_TEST(storage::split_statements("-- dialect postgresql\nSELECT 1;\n", Backend::kSqlite).size() == 1u);
}

BOOST_AUTO_TEST_CASE(malformed_sections_are_refused) {
  BOOST_CHECK_THROW(storage::split_statements("-- samverkan:dialect mysql\nSELECT 1;\n", Backend::kSqlite),
                    InternalError);
  BOOST_CHECK_THROW(storage::split_statements("-- samverkan:dialect\nSELECT 1;\n", Backend::kSqlite), InternalError);
  // A section may not start in the middle of a statement.
  BOOST_CHECK_THROW(storage::split_statements("CREATE TABLE c (\n-- samverkan:dialect postgresql\n  z INTEGER\n);\n",
                                              Backend::kSqlite),
                    InternalError);
}

BOOST_AUTO_TEST_CASE(migrator_runs_the_sqlite_sections) {
  test::TempDir dir;
  auto db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "m.db").string()), 1);
  test::check_dialect_sections_apply(*db);
}

BOOST_AUTO_TEST_CASE(malformed_migration_fails_and_names_itself) {
  test::TempDir dir;
  auto db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "m.db").string()), 1);
  test::check_malformed_section_refused(*db);
}

BOOST_FIXTURE_TEST_CASE(platform_search_index_is_postgresql_only, test::CasehandlingFixture) {
  // Version 2004 is recorded on SQLite too, but no GIN index was attempted.
  BOOST_TEST(count("SELECT COUNT(*) FROM schema_migrations WHERE version = 2004 AND name = 'search_index'") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%_fts'") == 0);
  BOOST_TEST(count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'paragraph_substitute'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
