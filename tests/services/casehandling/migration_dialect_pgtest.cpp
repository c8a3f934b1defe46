// Dialect sections in migrations on PostgreSQL: the Migrator runs the postgresql sections only,
// and the platform's migrations create the public register's GIN indexes.
#include <boost/test/unit_test.hpp>

#include "casehandling_fixture.hpp"
#include "migration_dialect_checks.hpp"

using namespace samverkan;

namespace {

struct PgFixture {
  test::PgDatabase database;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 2);
};

struct PlatformFixture : test::CasehandlingFixture {
  PlatformFixture() : test::CasehandlingFixture(Backend::kPostgresql) {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(migration_dialect_pgtest)

BOOST_FIXTURE_TEST_CASE(migrator_runs_the_postgresql_sections, PgFixture) { test::check_dialect_sections_apply(*db); }

BOOST_FIXTURE_TEST_CASE(malformed_migration_fails_and_names_itself, PgFixture) {
  test::check_malformed_section_refused(*db);
}

BOOST_FIXTURE_TEST_CASE(platform_creates_the_swedish_gin_indexes, PlatformFixture) {
  auto session = db->acquire();
  for (const std::string name : {"diary_case_public_title_fts", "case_document_public_title_fts"}) {
    std::string definition;
    soci::indicator ind = soci::i_null;
    *session << "SELECT indexdef FROM pg_indexes WHERE indexname = :n", soci::use(name), soci::into(definition, ind);
    BOOST_TEST_REQUIRE((ind == soci::i_ok), name);
    BOOST_TEST(definition.find("USING gin") != std::string::npos, definition);
    BOOST_TEST(definition.find("'swedish'::regconfig") != std::string::npos, definition);
    BOOST_TEST(definition.find("public_title") != std::string::npos, definition);
  }
  BOOST_TEST(count("SELECT COUNT(*) FROM schema_migrations WHERE version = 2004 AND name = 'search_index'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
