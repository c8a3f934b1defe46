#include <boost/test/unit_test.hpp>

#include "libcore/audit/audit_log_checks.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

struct SqliteFixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "db.sqlite").string()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_log_test)

BOOST_FIXTURE_TEST_CASE(appends_and_verifies, SqliteFixture) { test::check_appends_and_verifies(*db); }
BOOST_FIXTURE_TEST_CASE(search_filters_and_pages, SqliteFixture) { test::check_search_filters_and_pages(*db); }
BOOST_FIXTURE_TEST_CASE(edited_entry, SqliteFixture) { test::check_edited_entry(*db); }
BOOST_FIXTURE_TEST_CASE(deleted_middle_entry, SqliteFixture) { test::check_deleted_middle_entry(*db); }
BOOST_FIXTURE_TEST_CASE(deleted_first_entry, SqliteFixture) { test::check_deleted_first_entry(*db); }
BOOST_FIXTURE_TEST_CASE(deleted_last_entry, SqliteFixture) { test::check_deleted_last_entry(*db); }
BOOST_FIXTURE_TEST_CASE(reordered_entries, SqliteFixture) { test::check_reordered_entries(*db); }
BOOST_FIXTURE_TEST_CASE(inserted_entry_at_the_end, SqliteFixture) { test::check_inserted_entry_at_the_end(*db); }
BOOST_FIXTURE_TEST_CASE(inserted_entry_in_the_middle, SqliteFixture) { test::check_inserted_entry_in_the_middle(*db); }
BOOST_FIXTURE_TEST_CASE(forged_entry_with_a_bad_link, SqliteFixture) { test::check_forged_entry_with_a_bad_link(*db); }
BOOST_FIXTURE_TEST_CASE(rewritten_entry_with_recomputed_hash, SqliteFixture) {
  test::check_rewritten_entry_with_recomputed_hash(*db);
}
BOOST_FIXTURE_TEST_CASE(tampering_in_one_municipality_only, SqliteFixture) {
  test::check_tampering_in_one_municipality_only(*db);
}
BOOST_FIXTURE_TEST_CASE(deleted_head, SqliteFixture) { test::check_deleted_head(*db); }
BOOST_FIXTURE_TEST_CASE(refusal_survives_the_callers_rollback, SqliteFixture) {
  test::check_refusal_survives_the_callers_rollback(*db);
}
BOOST_FIXTURE_TEST_CASE(citizen_is_pseudonymised, SqliteFixture) { test::check_citizen_is_pseudonymised(*db); }
BOOST_FIXTURE_TEST_CASE(appends_in_one_transaction, SqliteFixture) { test::check_appends_in_one_transaction(*db); }
BOOST_FIXTURE_TEST_CASE(citizen_pseudonym_matches_the_recorded_principal, SqliteFixture) {
  test::check_citizen_pseudonym_matches_the_recorded_principal(*db);
}

BOOST_FIXTURE_TEST_CASE(concurrent_appends, SqliteFixture) {
  // SQLite serialises writers with its write lock (busy_timeout), one chain stays gap-free.
  const double rate = test::check_concurrent_appends(*db, 4, 25);
  BOOST_TEST_MESSAGE("SQLite: 4 threads x 25 appends, " << static_cast<int>(rate) << " appends/s");
}

BOOST_AUTO_TEST_CASE(canonical_bytes_are_length_prefixed) {
  audit::AuditEntry a;
  a.municipality = "0604";
  a.sequence = 1;
  a.at = "2026-11-22T10:15:30.123Z";
  a.principal = "staff:ab";
  a.action = "c";
  audit::AuditEntry b = a;
  b.principal = "staff:a";
  b.action = "bc";  // same concatenation, different fields
  BOOST_TEST(audit::canonical_bytes(a) != audit::canonical_bytes(b));
  const auto bytes = audit::canonical_bytes(a);
  BOOST_TEST(bytes.substr(0, 22) == std::string("\0\0\0\x12samverkan.audit.v1", 22));
  BOOST_TEST(audit::entry_hash(audit::kGenesisHash, a) != audit::entry_hash(audit::kGenesisHash, b));
  BOOST_CHECK_THROW(audit::entry_hash("abc", a), InvalidInput);
  BOOST_CHECK_THROW(audit::entry_hash(std::string(64, 'x'), a), InvalidInput);
}

BOOST_AUTO_TEST_CASE(times_are_utc_with_milliseconds) {
  using namespace std::chrono;
  BOOST_TEST(audit::format_time(test::audit_test_start()) == "2026-11-22T10:15:30.123Z");
  BOOST_TEST(audit::format_time(test::audit_test_start() + microseconds(999)) == "2026-11-22T10:15:30.123Z");
  BOOST_TEST(audit::format_time(sys_days(year(2000) / January / 1)) == "2000-01-01T00:00:00.000Z");
  BOOST_TEST(audit::format_time(sys_days(year(1969) / December / 31) + hours(23) + minutes(59) + seconds(59) +
                                milliseconds(999)) == "1969-12-31T23:59:59.999Z");
}

BOOST_AUTO_TEST_CASE(outcomes_have_stable_names) {
  BOOST_TEST(audit::to_string(audit::Outcome::kSuccess) == "success");
  BOOST_TEST(audit::to_string(audit::Outcome::kRefused) == "refused");
  BOOST_TEST(audit::to_string(audit::Outcome::kFailed) == "failed");
}

BOOST_FIXTURE_TEST_CASE(sequential_append_rate, SqliteFixture) {
  const auto rates = test::check_sequential_append_rate(*db, 1000);
  BOOST_TEST_MESSAGE("SQLite: 1000 sequential appends, "
                     << static_cast<int>(rates.appends_per_second) << " appends/s; verify "
                     << static_cast<int>(rates.verified_per_second) << " entries/s");
}

BOOST_AUTO_TEST_SUITE_END()
