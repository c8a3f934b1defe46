#include "samverkan/storage/database.hpp"

#include <soci/soci.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "support/file_mode.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
namespace fs = std::filesystem;

namespace {

// PRAGMA synchronous of every pooled connection: 1 NORMAL, 2 FULL.
std::vector<int> synchronous_of_each_connection(storage::Database& db) {
  std::vector<storage::Database::Lease> leases;
  std::vector<int> values;
  for (std::size_t i = 0; i < db.pool_size(); ++i) {
    leases.push_back(db.acquire());
    int value = -1;
    *leases.back() << "PRAGMA synchronous", soci::into(value);
    values.push_back(value);
  }
  return values;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(database_test)

BOOST_AUTO_TEST_CASE(sqlite_is_synchronous_full_unless_the_url_relaxes_it) {
  test::TempDir dir;
  const std::string file = (dir / "db.sqlite").string();
  {
    auto db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + file), 3);
    BOOST_TEST((synchronous_of_each_connection(*db) == std::vector<int>{2, 2, 2}));
  }
  {
    auto db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + file + "?synchronous=full"), 2);
    BOOST_TEST((synchronous_of_each_connection(*db) == std::vector<int>{2, 2}));
  }
  {
    auto db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + file + "?synchronous=normal"), 2);
    BOOST_TEST((synchronous_of_each_connection(*db) == std::vector<int>{1, 1}));
    // Still write-ahead logging: NORMAL is only safe with WAL.
    std::string journal;
    *db->acquire() << "PRAGMA journal_mode", soci::into(journal);
    BOOST_TEST(journal == "wal");
  }
}

BOOST_AUTO_TEST_CASE(sqlite_files_are_the_owners_only) {
  test::TempDir dir;
  const auto file = dir / "data/nested/samverkan.db";
  {
    auto db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + file.string()), 2);
    *db->acquire() << "CREATE TABLE t (x INTEGER)";
    *db->acquire() << "INSERT INTO t (x) VALUES (1)";
    BOOST_TEST(test::mode_of(dir / "data") == 0700u);
    BOOST_TEST(test::mode_of(dir / "data/nested") == 0700u);
    BOOST_TEST(test::mode_of(file) == 0600u);
    // SQLite gives the write-ahead log and the shared-memory index the database file's mode.
    BOOST_TEST(test::mode_of(file.string() + "-wal") == 0600u);
    BOOST_TEST(test::mode_of(file.string() + "-shm") == 0600u);
  }
  // A database someone made readable to others is made private again when it is opened.
  fs::permissions(file,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  std::ofstream(file.string() + "-wal").close();
  fs::permissions(file.string() + "-wal", fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  {
    auto db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + file.string()), 1);
    int x = 0;
    *db->acquire() << "SELECT x FROM t", soci::into(x);
    BOOST_TEST(x == 1);
    BOOST_TEST(test::mode_of(file) == 0600u);
    BOOST_TEST(test::mode_of(file.string() + "-wal") == 0600u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
