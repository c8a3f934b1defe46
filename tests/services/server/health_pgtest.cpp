#include <boost/test/unit_test.hpp>

#include "services/server/platform_fixture.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(health_pgtest)

BOOST_AUTO_TEST_CASE(health_reports_the_database_going_away) {
  test::PgDatabase database;
  test::PlatformFixture fixture(database.url());
  auto client = fixture.client();
  const auto ok = client.get("/health");
  BOOST_TEST(ok.status == 200);
  BOOST_TEST(test::json_member(ok.body, "database") == "ok");

  database.drop();  // terminates the platform's connections and removes the database

  const auto down = client.get("/health");
  BOOST_TEST(down.status == 503);
  BOOST_TEST(test::json_member(down.body, "status") == "unavailable");
  BOOST_TEST(test::json_member(down.body, "database") == "unavailable");
  BOOST_TEST(test::json_member(down.body, "reason") == "the database does not answer");
  BOOST_TEST(down.body.find(database.name()) == std::string::npos, "no database names or hosts leak");
  BOOST_TEST(fixture.log_stream.str().find("health check failed") != std::string::npos);

  // When the database is back, health recovers without a restart.
  test::PgDatabase::admin("CREATE DATABASE " + database.name());
  BOOST_TEST(client.get("/health").status == 200);
  test::PgDatabase::admin("DROP DATABASE " + database.name() + " WITH (FORCE)");
}

BOOST_AUTO_TEST_SUITE_END()
