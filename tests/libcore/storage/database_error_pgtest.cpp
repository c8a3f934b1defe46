// The database-error mapping on a real PostgreSQL: a violated constraint is Conflict, a
// connection the server ends is Unavailable.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "samverkan/core/error.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/storage/database_error.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

ErrorKind kind_of(soci::session& session, const std::string& sql) {
  try {
    session << sql;
  } catch (const soci::soci_error& e) {
    return storage::database_error_kind(e);
  }
  BOOST_FAIL("the statement ran: " << sql);
  return ErrorKind::kInternal;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(database_error_pgtest)

BOOST_AUTO_TEST_CASE(constraints_conflict_and_a_lost_connection_is_unavailable) {
  test::PgDatabase pg;
  auto db = storage::Database::open(storage::DatabaseUrl::parse(pg.url()), 2);
  auto session = db->acquire();
  *session << "CREATE TABLE thing (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)";
  *session << "INSERT INTO thing (id, name) VALUES (1, 'a')";
  BOOST_TEST((kind_of(*session, "INSERT INTO thing (id, name) VALUES (2, 'a')") == ErrorKind::kConflict));
  BOOST_TEST((kind_of(*session, "INSERT INTO thing (id, name) VALUES (3, NULL)") == ErrorKind::kConflict));
  BOOST_TEST((kind_of(*session, "SELEC 1") == ErrorKind::kInternal));
  // The server ends this connection (as a restart or a failover would).
  test::PgDatabase::admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + pg.name() +
                          "' AND pid <> pg_backend_pid()");
  BOOST_TEST((kind_of(*session, "SELECT 1") == ErrorKind::kUnavailable));
}

BOOST_AUTO_TEST_SUITE_END()
