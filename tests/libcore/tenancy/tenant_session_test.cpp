#include <boost/test/unit_test.hpp>

#include "samverkan/core/error.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/tenant_session.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "t.db").string()), 2);
  Fixture() {
    auto session = db->acquire();
    *session << "CREATE TABLE note (id INTEGER PRIMARY KEY, municipality TEXT NOT NULL, body TEXT)";
  }
};

int count_visible(tenancy::TenantSession& s) {
  int count = 0;
  s.exec("SELECT COUNT(*) FROM note WHERE {{tenant}}", soci::into(count));
  return count;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tenant_session_test)

BOOST_AUTO_TEST_CASE(placeholders_expand) {
  test::TempDir dir;
  storage::Dialect dialect(storage::Backend::kPostgresql);
  auto db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "x.db").string()), 1);
  auto lease = db->acquire();
  tenancy::TenantSession s(*lease, dialect, ids::Kommunkod::parse("0604"));
  BOOST_TEST(s.scoped("SELECT 1 FROM a WHERE {{tenant}}") == "SELECT 1 FROM a WHERE municipality = :tenant");
  BOOST_TEST(s.scoped("SELECT 1 FROM a JOIN b ON a.x = b.x WHERE {{tenant:a}} AND {{tenant:b}}") ==
             "SELECT 1 FROM a JOIN b ON a.x = b.x WHERE a.municipality = :tenant AND b.municipality = :tenant");
  BOOST_TEST(s.scoped("INSERT INTO a (municipality, t) VALUES (:tenant, {{now}})") ==
             "INSERT INTO a (municipality, t) VALUES (:tenant, now())");
}

BOOST_AUTO_TEST_CASE(statements_without_the_tenant_are_refused) {
  test::TempDir dir;
  auto db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "x.db").string()), 1);
  auto lease = db->acquire();
  tenancy::TenantSession s(*lease, db->dialect(), ids::Kommunkod::parse("0604"));
  BOOST_CHECK_EXCEPTION(s.scoped("SELECT * FROM note"), InternalError, [](const InternalError& e) {
    return std::string(e.what()).find("not scoped to the municipality") != std::string::npos;
  });
  BOOST_CHECK_THROW(s.scoped("SELECT * FROM note WHERE id = :tenant_id"), InternalError);
  BOOST_CHECK_THROW(s.scoped("SELECT * FROM note WHERE {{tenant:}}"), InternalError);
  BOOST_CHECK_THROW(s.scoped("SELECT * FROM note WHERE {{tenant:a;drop}}"), InternalError);
  BOOST_CHECK_THROW(s.scoped("SELECT * FROM note WHERE {{tenant"), InternalError);
}

BOOST_FIXTURE_TEST_CASE(one_municipality_never_sees_or_changes_another_s_rows, Fixture) {
  auto lease = db->acquire();
  tenancy::TenantSession aneby(*lease, db->dialect(), ids::Kommunkod::parse("0604"));
  tenancy::TenantSession eksjo(*lease, db->dialect(), ids::Kommunkod::parse("0686"));
  const std::string body = "anteckning";
  aneby.exec("INSERT INTO note (id, municipality, body) VALUES (1, :tenant, :b)", soci::use(body, "b"));
  eksjo.exec("INSERT INTO note (id, municipality, body) VALUES (2, :tenant, :b)", soci::use(body, "b"));
  BOOST_TEST(count_visible(aneby) == 1);
  BOOST_TEST(count_visible(eksjo) == 1);

  // Eksjö tries Aneby's row by id: read finds nothing, update and delete touch nothing.
  int id = 1;
  std::string seen;
  soci::indicator ind = soci::i_null;
  eksjo.exec("SELECT body FROM note WHERE {{tenant}} AND id = :id", soci::use(id, "id"), soci::into(seen, ind));
  BOOST_TEST(!lease->got_data());
  const std::string changed = "changed";
  eksjo.exec("UPDATE note SET body = :b WHERE {{tenant}} AND id = :id", soci::use(changed, "b"), soci::use(id, "id"));
  eksjo.exec("DELETE FROM note WHERE {{tenant}} AND id = :id", soci::use(id, "id"));
  std::string still;
  aneby.exec("SELECT body FROM note WHERE {{tenant}} AND id = :id", soci::use(id, "id"), soci::into(still));
  BOOST_TEST(still == "anteckning");
  int rows = 0;
  for (const auto& row : aneby.rows("SELECT id FROM note WHERE {{tenant}}")) {
    BOOST_TEST(row.get<int>(0) == 1);
    ++rows;
  }
  BOOST_TEST(rows == 1);
}

BOOST_AUTO_TEST_SUITE_END()
