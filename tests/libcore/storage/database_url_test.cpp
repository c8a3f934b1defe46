#include <boost/test/unit_test.hpp>

#include "samverkan/core/error.hpp"
#include "samverkan/storage/database_url.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
using storage::DatabaseUrl;

BOOST_AUTO_TEST_SUITE(database_url_test)

BOOST_AUTO_TEST_CASE(sqlite_url) {
  const auto url = DatabaseUrl::parse("sqlite:data/samverkan.db");
  BOOST_TEST((url.backend == storage::Backend::kSqlite));
  BOOST_TEST(url.sqlite_path.string() == "data/samverkan.db");
  BOOST_TEST(url.redacted() == "sqlite:data/samverkan.db");
}

BOOST_AUTO_TEST_CASE(sqlite_synchronous_option) {
  BOOST_TEST((DatabaseUrl::parse("sqlite:a.db").sqlite_synchronous == storage::SqliteSynchronous::kFull));
  const auto full = DatabaseUrl::parse("sqlite:a.db?synchronous=full");
  BOOST_TEST((full.sqlite_synchronous == storage::SqliteSynchronous::kFull));
  BOOST_TEST(full.sqlite_path.string() == "a.db");
  BOOST_TEST(full.redacted() == "sqlite:a.db");
  const auto normal = DatabaseUrl::parse("sqlite:data/a.db?synchronous=normal");
  BOOST_TEST((normal.sqlite_synchronous == storage::SqliteSynchronous::kNormal));
  BOOST_TEST(normal.sqlite_path.string() == "data/a.db");
  BOOST_TEST(normal.redacted() == "sqlite:data/a.db?synchronous=normal");
  for (const std::string bad : {"sqlite:a.db?synchronous=off", "sqlite:a.db?cache=shared", "sqlite:a.db?"}) {
    BOOST_TEST_CONTEXT(bad) {
      BOOST_CHECK_EXCEPTION(DatabaseUrl::parse(bad), InvalidInput, [](const InvalidInput& e) {
        return std::string(e.what()).find("takes ?synchronous=full (the default) or ?synchronous=normal") !=
               std::string::npos;
      });
    }
  }
  BOOST_CHECK_THROW(DatabaseUrl::parse("sqlite:?synchronous=normal"), InvalidInput);
}

BOOST_AUTO_TEST_CASE(postgresql_url_with_password_is_redacted) {
  const auto url = DatabaseUrl::parse("postgresql://app:s%40cret@db.example:6543/samverkan");
  BOOST_TEST((url.backend == storage::Backend::kPostgresql));
  BOOST_TEST(url.user == "app");
  BOOST_TEST(url.password == "s@cret");
  BOOST_TEST(url.host == "db.example");
  BOOST_TEST(url.port == 6543);
  BOOST_TEST(url.dbname == "samverkan");
  BOOST_TEST(url.redacted() == "postgresql://app:***@db.example:6543/samverkan");
  BOOST_TEST(url.redacted().find("s@cret") == std::string::npos);
  BOOST_TEST(url.connect_string().find("password='s@cret'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(default_port_and_no_password) {
  const auto url = DatabaseUrl::parse("postgresql://app@localhost/samverkan");
  BOOST_TEST(url.port == 5432);
  BOOST_TEST(url.password.empty());
  BOOST_TEST(url.connect_string().find("password") == std::string::npos, "libpq then reads PGPASSWORD");
}

BOOST_AUTO_TEST_CASE(conninfo_values_are_quoted) {
  auto url = DatabaseUrl::parse("postgresql://app@localhost/samverkan");
  url.password = "a' host=evil";
  BOOST_TEST(url.connect_string().find("password='a\\' host=evil'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(password_file) {
  test::TempDir dir;
  auto url = DatabaseUrl::parse("postgresql://app@localhost/samverkan");
  url.read_password_file(dir.write("pw", "hemligt\n"));
  BOOST_TEST(url.password == "hemligt");
  BOOST_CHECK_THROW(url.read_password_file(dir / "missing"), InvalidInput);
}

BOOST_AUTO_TEST_CASE(bad_urls_name_the_problem) {
  auto message_of = [](const std::string& text) {
    try {
      DatabaseUrl::parse(text);
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  BOOST_TEST(message_of("mysql://x@y/z").find("must start with 'sqlite:' or 'postgresql://'") != std::string::npos);
  BOOST_TEST(message_of("sqlite:").find("needs a file path") != std::string::npos);
  BOOST_TEST(message_of("postgresql://app@localhost").find("no database name") != std::string::npos);
  BOOST_TEST(message_of("postgresql:///db").find("no host") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
