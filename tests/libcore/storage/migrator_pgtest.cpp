#include <boost/test/unit_test.hpp>

#include <mutex>
#include <thread>

#include "libcore/storage/migrator_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

struct PgFixture {
  test::PgDatabase database;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(migrator_pgtest)

BOOST_FIXTURE_TEST_CASE(embedded_migrations_apply_once, PgFixture) {
  BOOST_TEST(db->dialect().name() == "postgresql");
  test::check_embedded_migrations_apply_once(*db);
}
BOOST_FIXTURE_TEST_CASE(placeholders_and_statements, PgFixture) { test::check_placeholders_and_statements(*db); }
BOOST_FIXTURE_TEST_CASE(newer_schema_refused, PgFixture) { test::check_newer_schema_refused(*db); }
BOOST_FIXTURE_TEST_CASE(changed_migration_refused, PgFixture) { test::check_changed_migration_refused(*db); }
BOOST_FIXTURE_TEST_CASE(failed_migration_rolled_back, PgFixture) { test::check_failed_migration_rolled_back(*db); }

BOOST_FIXTURE_TEST_CASE(concurrent_migrators_apply_each_version_once, PgFixture) {
  // Two servers starting at once against one database: the advisory lock serialises them.
  std::vector<int> first, second;
  std::string errors;
  std::mutex mutex;
  auto other = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 1);
  auto run = [&](storage::Database& target, std::vector<int>& applied) {
    try {
      applied = storage::Migrator(target, test::sample_migrations()).migrate();
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex);
      errors += e.what();
    }
  };
  std::thread a([&] { run(*db, first); });
  std::thread b([&] { run(*other, second); });
  a.join();
  b.join();
  BOOST_TEST(errors.empty(), errors);
  std::vector<int> all = first;
  all.insert(all.end(), second.begin(), second.end());
  std::sort(all.begin(), all.end());
  BOOST_TEST((all == std::vector<int>{1, 2}));
  BOOST_TEST(test::count_rows(*db, "schema_migrations") == 2);
}

BOOST_AUTO_TEST_CASE(unreachable_server_is_unavailable) {
  BOOST_CHECK_EXCEPTION(
      storage::Database::open(storage::DatabaseUrl::parse("postgresql://nobody@127.0.0.1:1/none"), 1), Unavailable,
      [](const Unavailable& e) { return std::string(e.what()).find("cannot open database postgresql://") == 0; });
}

BOOST_AUTO_TEST_SUITE_END()
