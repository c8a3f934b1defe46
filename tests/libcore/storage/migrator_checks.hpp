#pragma once
// Migration behaviour checked identically on SQLite (migrator_test) and PostgreSQL
// (migrator_pgtest): the same set must behave the same on both backends.
#include <soci/soci.h>
#include <boost/test/unit_test.hpp>

#include "samverkan/core/error.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/storage/migrator.hpp"

namespace samverkan::test {

inline const std::vector<storage::Migration>& sample_migrations() {
  static const std::vector<storage::Migration> kSet = {
      {1, "first",
       "CREATE TABLE item (\n  id {{id}},\n  name TEXT NOT NULL,\n  created_at {{timestamp}} NOT NULL DEFAULT "
       "({{now}})\n);\n"},
      {2, "second",
       "-- a comment line\nALTER TABLE item ADD COLUMN payload {{blob}};\nCREATE INDEX item_name ON item (name);\n"},
  };
  return kSet;
}

inline int count_rows(storage::Database& db, const std::string& table) {
  auto session = db.acquire();
  int count = 0;
  *session << "SELECT COUNT(*) FROM " + table, soci::into(count);
  return count;
}

inline void check_embedded_migrations_apply_once(storage::Database& db) {
  storage::Migrator migrator(db);
  BOOST_TEST(migrator.current_version() == 0);
  const auto first = migrator.migrate();
  BOOST_TEST(!first.empty());
  BOOST_TEST(first.back() == migrator.latest_version());
  BOOST_TEST(migrator.current_version() == migrator.latest_version());
  BOOST_TEST(storage::Migrator(db).migrate().empty(), "a second run must be a no-op");
  BOOST_TEST(count_rows(db, "schema_migrations") == static_cast<int>(storage::embedded_migrations().size()));
  // The schema works: the municipality table accepts a row.
  auto session = db.acquire();
  *session
      << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0604', '2120000548', 'Aneby kommun')";
  BOOST_TEST(count_rows(db, "municipality") == 1);
}

inline void check_placeholders_and_statements(storage::Database& db) {
  storage::Migrator migrator(db, sample_migrations());
  BOOST_TEST((migrator.migrate() == std::vector<int>{1, 2}));
  auto session = db.acquire();
  *session << "INSERT INTO item (name) VALUES ('a')";
  *session << "INSERT INTO item (name) VALUES ('b')";
  long long max_id = 0;
  *session << "SELECT MAX(id) FROM item", soci::into(max_id);
  BOOST_TEST(max_id == 2);
}

inline void check_newer_schema_refused(storage::Database& db) {
  storage::Migrator(db, sample_migrations()).migrate();
  // This binary knows only version 1: the database at version 2 is newer and must be refused.
  const std::vector<storage::Migration> older(sample_migrations().begin(), sample_migrations().begin() + 1);
  storage::Migrator old_binary(db, older);
  BOOST_CHECK_EXCEPTION(old_binary.migrate(), Conflict, [](const Conflict& e) {
    return std::string(e.what()).find("schema is at version 2, newer than this binary's 1") != std::string::npos;
  });
}

inline void check_changed_migration_refused(storage::Database& db) {
  storage::Migrator(db, sample_migrations()).migrate();
  auto edited = sample_migrations();
  edited[0].sql = "CREATE TABLE item (id {{id}});\n";
  BOOST_CHECK_EXCEPTION(storage::Migrator(db, edited).migrate(), Conflict, [](const Conflict& e) {
    return std::string(e.what()).find("migration 1 (first) was changed") != std::string::npos;
  });
}

inline void check_failed_migration_rolled_back(storage::Database& db) {
  const std::vector<storage::Migration> broken = {
      {1, "first", "CREATE TABLE good (id {{id}});\n"},
      {2, "broken", "CREATE TABLE half (id {{id}});\nTHIS IS NOT SQL;\n"},
  };
  BOOST_CHECK_EXCEPTION(storage::Migrator(db, broken).migrate(), InternalError, [](const InternalError& e) {
    return std::string(e.what()).find("migration 2 (broken) failed") != std::string::npos;
  });
  storage::Migrator migrator(db, broken);
  BOOST_TEST(migrator.current_version() == 1, "version 1 stays applied, version 2 is not recorded");
  auto session = db.acquire();
  // The half-applied migration left nothing behind: "half" does not exist.
  BOOST_CHECK_THROW(*session << "SELECT COUNT(*) FROM half", soci::soci_error);
}

}  // namespace samverkan::test
