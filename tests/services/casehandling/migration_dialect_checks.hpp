#pragma once
// Dialect sections in migrations (storage/migrations.hpp): the checks shared by
// migration_dialect_test (SQLite) and migration_dialect_pgtest (PostgreSQL).
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <string>
#include <vector>

#include "samverkan/core/error.hpp"
#include "samverkan/storage/migrator.hpp"

namespace samverkan::test {

/// Two migrations: 1 creates a table on both databases and one more table per dialect; 2 holds
/// only a PostgreSQL section (a GIN index), so on SQLite it runs nothing and is still recorded.
inline const std::vector<storage::Migration>& dialect_migrations() {
  static const std::vector<storage::Migration> kMigrations = {
      {1, "tables",
       "CREATE TABLE shared_t (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n"
       "-- samverkan:dialect postgresql\n"
       "CREATE TABLE only_pg (id INTEGER);\n"
       "-- samverkan:dialect sqlite\n"
       "CREATE TABLE only_sqlite (id INTEGER);\n"
       "-- samverkan:dialect all\n"
       "INSERT INTO shared_t (id, title) VALUES (1, 'bygglov');\n"},
      {2, "pg_index",
       "-- samverkan:dialect postgresql\n"
       "CREATE INDEX shared_t_fts ON shared_t USING GIN (to_tsvector('swedish', title));\n"},
  };
  return kMigrations;
}

inline bool table_exists(storage::Database& db, const std::string& name) {
  auto session = db.acquire();
  long long n = 0;
  if (db.dialect().backend() == storage::Backend::kPostgresql) {
    *session << "SELECT COUNT(*) FROM pg_class WHERE relname = :n", soci::use(name), soci::into(n);
  } else {
    *session << "SELECT COUNT(*) FROM sqlite_master WHERE name = :n", soci::use(name), soci::into(n);
  }
  return n > 0;
}

/// Applies dialect_migrations() and checks that each database ran its own sections, recorded
/// both versions with the checksum of the whole text, and that a second run does nothing.
inline void check_dialect_sections_apply(storage::Database& db) {
  const bool pg = db.dialect().backend() == storage::Backend::kPostgresql;
  storage::Migrator migrator(db, dialect_migrations());
  BOOST_TEST((migrator.migrate() == std::vector<int>{1, 2}));
  BOOST_TEST(migrator.current_version() == 2);
  BOOST_TEST(table_exists(db, "shared_t"));
  BOOST_TEST(table_exists(db, "only_pg") == pg);
  BOOST_TEST(table_exists(db, "only_sqlite") == !pg);
  BOOST_TEST(table_exists(db, "shared_t_fts") == pg);
  {
    auto session = db.acquire();
    long long rows = 0;
    *session << "SELECT COUNT(*) FROM shared_t", soci::into(rows);
    BOOST_TEST(rows == 1);  // the statement after "all" ran once
    for (const auto& m : dialect_migrations()) {
      std::string checksum;
      *session << "SELECT checksum FROM schema_migrations WHERE version = :v", soci::use(m.version),
          soci::into(checksum);
      BOOST_TEST(checksum == storage::migration_checksum(m));
    }
  }
  BOOST_TEST(migrator.migrate().empty());
}

/// A migration whose section name is unknown fails, names itself and leaves nothing behind.
inline void check_malformed_section_refused(storage::Database& db) {
  static const std::vector<storage::Migration> kBad = {
      {1, "bad_section", "CREATE TABLE before_bad (id INTEGER);\n-- samverkan:dialect oracle\nSELECT 1;\n"}};
  storage::Migrator migrator(db, kBad);
  BOOST_CHECK_EXCEPTION(migrator.migrate(), InternalError, [](const InternalError& e) {
    const std::string what = e.what();
    return what.find("migration 1 (bad_section)") != std::string::npos && what.find("oracle") != std::string::npos;
  });
  BOOST_TEST(!table_exists(db, "before_bad"));
  BOOST_TEST(migrator.current_version() == 0);
}

}  // namespace samverkan::test
