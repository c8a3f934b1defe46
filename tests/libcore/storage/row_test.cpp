// storage::row_int reads an integer column at the width asked for, whatever type SQLite
// reports (an INTEGER column as int, a BIGINT one as long long, an integer in a text column),
// and refuses a value the type cannot hold rather than narrowing it.
#include "samverkan/storage/row.hpp"

#include <soci/soci.h>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>

#include "samverkan/core/error.hpp"
#include "samverkan/storage/database.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

struct RowFixture {
  RowFixture() {
    auto session = db->acquire();
    *session << "CREATE TABLE number (id INTEGER NOT NULL, value BIGINT, label TEXT)";
    const long long big = 5'000'000'000LL;
    *session << "INSERT INTO number (id, value, label) VALUES (1, 42, '7'), (2, :big, 'x'), (3, NULL, '-5')",
        soci::use(big);
  }

  // Runs `sql` (one row) and hands the row to `check`.
  template <typename Check>
  void with_row(const std::string& sql, Check check) {
    auto session = db->acquire();
    soci::rowset<soci::row> rows = (session->prepare << sql);
    auto it = rows.begin();
    BOOST_TEST_REQUIRE((it != rows.end()), sql);
    check(*it);
  }

  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "row.db").string()), 1);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(row_test)

BOOST_FIXTURE_TEST_CASE(row_int_reads_at_the_width_asked_for, RowFixture) {
  with_row("SELECT value, label, COUNT(*), id FROM number WHERE id = 1", [](const soci::row& row) {
    BOOST_TEST(storage::row_int(row, 0) == 42LL);
    BOOST_TEST(storage::row_int<int>(row, 3) == 1);
    BOOST_TEST(storage::row_int(row, 3) == 1LL);
    BOOST_TEST(storage::row_int<int>(row, 0) == 42);
    BOOST_TEST(storage::row_int<std::uint8_t>(row, 0) == 42U);
    BOOST_TEST(storage::row_int<int>(row, 1) == 7, "an integer written as text");
    BOOST_TEST(storage::row_int<std::size_t>(row, 2) == 1U, "an aggregate");
  });
}

BOOST_FIXTURE_TEST_CASE(a_value_the_type_cannot_hold_is_refused_not_narrowed, RowFixture) {
  with_row("SELECT value, label FROM number WHERE id = 2", [](const soci::row& row) {
    BOOST_TEST(storage::row_int(row, 0) == 5'000'000'000LL);
    BOOST_TEST(storage::row_int<std::int64_t>(row, 0) == 5'000'000'000LL);
    BOOST_CHECK_THROW(storage::row_int<int>(row, 0), InternalError);
    BOOST_CHECK_THROW(storage::row_int<std::uint32_t>(row, 0), InternalError);
    BOOST_CHECK_THROW(storage::row_int(row, 1), InternalError);  // 'x' is no integer
  });
  with_row("SELECT value, label FROM number WHERE id = 3", [](const soci::row& row) {
    BOOST_CHECK_THROW(storage::row_int(row, 0), InternalError);  // NULL
    BOOST_TEST(storage::row_int<int>(row, 1) == -5);
    BOOST_CHECK_THROW(storage::row_int<unsigned>(row, 1), InternalError);
  });
  try {
    with_row("SELECT value FROM number WHERE id = 2",
             [](const soci::row& row) { (void)storage::row_int<short>(row, 0); });
    BOOST_FAIL("no error");
  } catch (const InternalError& e) {
    BOOST_TEST(std::string(e.what()).find("5000000000") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()
