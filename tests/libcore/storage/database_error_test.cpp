// The one mapping of database errors to error kinds: a lost connection and a busy database are
// Unavailable (503), a violated constraint is Conflict (409), anything else InternalError (500).
#include <boost/test/unit_test.hpp>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <string>

#include "samverkan/core/error.hpp"
#include "samverkan/storage/database_error.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

// The kind and message of what throw_database_error throws for `error`.
std::pair<ErrorKind, std::string> thrown(const soci::soci_error& error) {
  try {
    storage::database_failure("storing a letter", error);
  } catch (const Error& e) {
    return {e.kind(), e.what()};
  }
  BOOST_FAIL("nothing thrown");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(database_error_test)

BOOST_AUTO_TEST_CASE(postgresql_states_map_to_kinds) {
  const std::pair<const char*, ErrorKind> expected[] = {
      {"08006", ErrorKind::kUnavailable},  // connection failure
      {"08001", ErrorKind::kUnavailable},  // cannot connect
      {"57P01", ErrorKind::kUnavailable},  // the administrator shut the server down
      {"40P01", ErrorKind::kUnavailable},  // deadlock
      {"40001", ErrorKind::kUnavailable},  // serialisation failure
      {"55P03", ErrorKind::kUnavailable},  // lock not available
      {"23505", ErrorKind::kConflict},     // unique violation
      {"23503", ErrorKind::kConflict},     // foreign key violation
      {"23502", ErrorKind::kConflict},     // not null violation
      {"42601", ErrorKind::kInternal},     // syntax error
      {"42P01", ErrorKind::kInternal},     // no such table
  };
  for (const auto& [state, kind] : expected) {
    const soci::postgresql_soci_error error("ERROR: something\nDETAIL: more", state);
    BOOST_TEST((storage::database_error_kind(error) == kind), state);
    BOOST_TEST((thrown(error).first == kind), state);
  }
}

BOOST_AUTO_TEST_CASE(messages_name_what_failed_and_only_internal_ones_the_database_text) {
  const auto [lost, lost_message] =
      thrown(soci::postgresql_soci_error("could not connect to db.internal:5432", "08001"));
  BOOST_TEST(lost_message.starts_with("database error while storing a letter: "));
  BOOST_TEST(lost_message.find("db.internal") == std::string::npos, "no host in a message callers see");
  const auto [twice, twice_message] =
      thrown(soci::postgresql_soci_error("duplicate key value violates unique constraint \"x_pkey\"", "23505"));
  BOOST_TEST(twice_message.find("x_pkey") == std::string::npos, "no schema names in a message callers see");
  const auto [bug, bug_message] = thrown(soci::postgresql_soci_error("syntax error at \"SELEC\"\nLINE 1", "42601"));
  BOOST_TEST(bug_message == "database error while storing a letter: syntax error at \"SELEC\"", "the first line");
}

BOOST_AUTO_TEST_CASE(sqlite_codes_and_categories_map_to_kinds) {
  BOOST_TEST((storage::database_error_kind(soci::sqlite3_soci_error("busy", SQLITE_BUSY)) == ErrorKind::kUnavailable));
  BOOST_TEST((storage::database_error_kind(soci::sqlite3_soci_error("locked", SQLITE_LOCKED_SHAREDCACHE)) ==
              ErrorKind::kUnavailable));
  BOOST_TEST((storage::database_error_kind(soci::sqlite3_soci_error("unique", SQLITE_CONSTRAINT_UNIQUE)) ==
              ErrorKind::kConflict));
  BOOST_TEST((storage::database_error_kind(soci::sqlite3_soci_error("syntax", SQLITE_ERROR)) == ErrorKind::kInternal));
  BOOST_TEST((storage::database_error_kind(soci::soci_error("no data")) == ErrorKind::kInternal));
}

BOOST_AUTO_TEST_CASE(real_sqlite_failures_are_classified) {
  test::TempDir dir;
  const std::string file = (dir / "e.db").string();
  soci::session first(soci::sqlite3, "db=" + file + " timeout=0");
  soci::session second(soci::sqlite3, "db=" + file + " timeout=0");
  first << "CREATE TABLE thing (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)";
  first << "INSERT INTO thing (id, name) VALUES (1, 'a')";
  const auto kind_of = [](soci::session& session, const std::string& sql) {
    try {
      session << sql;
    } catch (const soci::soci_error& e) {
      return storage::database_error_kind(e);
    }
    BOOST_FAIL("the statement ran: " << sql);
    return ErrorKind::kInternal;
  };
  BOOST_TEST((kind_of(second, "INSERT INTO thing (id, name) VALUES (2, 'a')") == ErrorKind::kConflict));
  BOOST_TEST((kind_of(second, "INSERT INTO thing (id, name) VALUES (3, NULL)") == ErrorKind::kConflict));
  BOOST_TEST((kind_of(second, "INSERT INTO nothing VALUES (1)") == ErrorKind::kInternal));
  first << "BEGIN IMMEDIATE";
  BOOST_TEST((kind_of(second, "INSERT INTO thing (id, name) VALUES (4, 'b')") == ErrorKind::kUnavailable),
             "another connection holds the write lock");
  first << "ROLLBACK";
}

BOOST_AUTO_TEST_SUITE_END()
