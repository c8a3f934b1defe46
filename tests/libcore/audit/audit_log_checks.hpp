#pragma once
// The audit trail checked identically on SQLite (audit_log_test) and PostgreSQL
// (audit_log_pgtest): appends, verification, and every kind of tampering done directly in SQL.
#include <soci/soci.h>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <mutex>
#include <thread>

#include "libcore/crypto/crypto_test_keys.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/audit/audit_search.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tenancy/context.hpp"
#include "samverkan/tenancy/tenant_session.hpp"

namespace samverkan::test {

// Hashes of the first two entries of 0604 in fill_standard(), computed independently from the
// documented canonical format (Python hashlib): the same bytes on every database.
inline constexpr std::string_view kFirstHash = "4c8310307aafb5467a117939dd3af6c72c8e04b50b1f9cef479eadedefc0c3e5";
inline constexpr std::string_view kSecondHash = "8131db3ea4d1f9408cb5a9e66bf91f1cb6c572eddf7a812947456616f51a422d";

inline Clock::TimePoint audit_test_start() {
  using namespace std::chrono;
  return sys_days(year(2026) / November / 22) + hours(10) + minutes(15) + seconds(30) + milliseconds(123);
}

inline ids::Kommunkod code(const char* text) { return ids::Kommunkod::parse(text); }

/// Migrates and inserts the municipalities the checks use (the server fills them from config).
inline void prepare_audit_database(storage::Database& db) {
  storage::Migrator(db).migrate();
  auto session = db.acquire();
  *session
      << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0604', '2120000548', 'Aneby kommun')";
  *session << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0680', '2120000530', "
              "'Jönköpings kommun')";
  *session << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0617', '2120000563', "
              "'Gnosjö kommun')";
}

struct AuditWorld {
  explicit AuditWorld(storage::Database& database) : db(database) { prepare_audit_database(db); }

  storage::Database& db;
  crypto::Keyring keyring = ring_k1();
  audit::AuditLog log{keyring};
  ManualClock clock{audit_test_start()};
  security::Principal anna = security::Principal::staff("anna", {});

  /// Appends in a transaction of its own through a TenantSession; the clock moves 1 s after.
  void append(const char* municipality, const audit::AuditEvent& event,
              audit::Outcome outcome = audit::Outcome::kSuccess) {
    append_as(anna, municipality, event, outcome);
  }
  void append_as(const security::Principal& principal, const char* municipality, const audit::AuditEvent& event,
                 audit::Outcome outcome = audit::Outcome::kSuccess) {
    auto session = db.acquire();
    soci::transaction transaction(*session);
    tenancy::TenantSession tx(*session, db.dialect(), code(municipality));
    log.append(tx, principal, clock.now(), event, outcome);
    transaction.commit();
    clock.advance(std::chrono::seconds(1));
  }

  /// 0604: three entries, 0680: two.
  void fill_standard() {
    append("0604", {"errand.read", "errand", "42"});
    append("0604", {"errand.update", "errand", "42", "status"});
    append("0604", {"errand.read", "errand", "43"}, audit::Outcome::kRefused);
    append("0680", {"case.register", "case", "KS 2026/17"});
    append("0680", {"minutes.lock", "minutes", "7", "signed"});
  }
};

inline void exec_sql(storage::Database& db, const std::string& sql) {
  auto session = db.acquire();
  *session << sql;
}

inline std::string time_expression(const storage::Database& db) {
  return db.dialect().backend() == storage::Backend::kPostgresql
             ? "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
             : "at";
}

/// Reads one stored entry straight from the table.
inline audit::AuditEntry read_stored(storage::Database& db, const std::string& municipality, long long sequence) {
  auto session = db.acquire();
  audit::AuditEntry e;
  e.municipality = municipality;
  e.sequence = sequence;
  *session << "SELECT " + time_expression(db) +
                  ", principal, action, object_type, object_id, outcome, detail, prev_hash, hash "
                  "FROM audit_entry WHERE municipality = :m AND sequence = :s",
      soci::use(municipality, "m"), soci::use(sequence, "s"), soci::into(e.at), soci::into(e.principal),
      soci::into(e.action), soci::into(e.object_type), soci::into(e.object_id), soci::into(e.outcome),
      soci::into(e.detail), soci::into(e.prev_hash), soci::into(e.hash);
  BOOST_REQUIRE(session->got_data());
  return e;
}

/// Overwrites everything but the municipality and sequence of a stored entry.
inline void overwrite_stored(storage::Database& db, long long sequence, const audit::AuditEntry& e) {
  auto session = db.acquire();
  *session << "UPDATE audit_entry SET at = :at, principal = :principal, action = :action, object_type = :ot, "
              "object_id = :oi, outcome = :outcome, detail = :detail, prev_hash = :prev, hash = :hash "
              "WHERE municipality = :m AND sequence = :s",
      soci::use(e.at, "at"), soci::use(e.principal, "principal"), soci::use(e.action, "action"),
      soci::use(e.object_type, "ot"), soci::use(e.object_id, "oi"), soci::use(e.outcome, "outcome"),
      soci::use(e.detail, "detail"), soci::use(e.prev_hash, "prev"), soci::use(e.hash, "hash"),
      soci::use(e.municipality, "m"), soci::use(sequence, "s");
}

inline void insert_stored(storage::Database& db, const audit::AuditEntry& e) {
  auto session = db.acquire();
  *session << "INSERT INTO audit_entry (municipality, sequence, at, principal, action, object_type, object_id, "
              "outcome, detail, prev_hash, hash) VALUES (:m, :s, :at, :principal, :action, :ot, :oi, :outcome, "
              ":detail, :prev, :hash)",
      soci::use(e.municipality, "m"), soci::use(e.sequence, "s"), soci::use(e.at, "at"),
      soci::use(e.principal, "principal"), soci::use(e.action, "action"), soci::use(e.object_type, "ot"),
      soci::use(e.object_id, "oi"), soci::use(e.outcome, "outcome"), soci::use(e.detail, "detail"),
      soci::use(e.prev_hash, "prev"), soci::use(e.hash, "hash");
}

inline void expect_intact(storage::Database& db, long long entries,
                          const std::optional<ids::Kommunkod>& municipality = std::nullopt) {
  const auto result = audit::AuditLog::verify(db, municipality);
  BOOST_TEST(!result.first_break.has_value(),
             "unexpected break: " << (result.first_break ? result.first_break->reason : std::string()));
  BOOST_TEST(result.entries_checked == entries);
}

inline void expect_break(storage::Database& db, const std::string& municipality, long long sequence,
                         const std::string& reason) {
  const auto result = audit::AuditLog::verify(db, std::nullopt);
  BOOST_REQUIRE_MESSAGE(result.first_break.has_value(), "verify missed: " + reason);
  BOOST_TEST(result.first_break->municipality == municipality);
  BOOST_TEST(result.first_break->sequence == sequence);
  BOOST_TEST(result.first_break->reason.find(reason) == 0,
             "reason \"" << result.first_break->reason << "\" does not start with \"" << reason << "\"");
}

// ---------------------------------------------------------------------------------------------

inline void check_appends_and_verifies(storage::Database& db) {
  AuditWorld world(db);
  expect_intact(db, 0);
  world.fill_standard();
  expect_intact(db, 5);
  expect_intact(db, 3, code("0604"));
  expect_intact(db, 2, code("0680"));
  expect_intact(db, 0, code("0617"));

  const auto first = read_stored(db, "0604", 1);
  BOOST_TEST(first.at == "2026-11-22T10:15:30.123Z");
  BOOST_TEST(first.principal == "staff:anna");
  BOOST_TEST(first.outcome == "success");
  BOOST_TEST(first.prev_hash == std::string(audit::kGenesisHash));
  BOOST_TEST(first.hash == std::string(kFirstHash));
  BOOST_TEST(read_stored(db, "0604", 2).hash == std::string(kSecondHash));
  BOOST_TEST(read_stored(db, "0604", 2).prev_hash == std::string(kFirstHash));
  BOOST_TEST(read_stored(db, "0604", 3).outcome == "refused");

  const auto head = audit::AuditLog::head(db, code("0604"));
  BOOST_TEST(head.first == 3);
  BOOST_TEST(head.second == read_stored(db, "0604", 3).hash);
  BOOST_TEST(audit::AuditLog::head(db, code("0680")).first == 2);
  const auto empty = audit::AuditLog::head(db, code("0617"));
  BOOST_TEST(empty.first == 0);
  BOOST_TEST(empty.second == std::string(audit::kGenesisHash));
}

/// audit::search: newest first, paged, filtered by period, principal and the action's
/// beginning, one municipality's chain only, for those who may read it.
inline void check_search_filters_and_pages(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();  // 0604: 3 entries from 10:15:30.123 UTC, a second apart; 0680: 2
  world.append_as(security::Principal::staff("bert", {}), "0604", {"case.view", "case", "KS 2026/1"});
  const auto admin = security::Principal::staff("admin", {{code("0604"), {security::Role::kAdministrator}}});
  const auto search = [&](const audit::AuditQuery& query, const security::Principal& who) {
    tenancy::Context ctx(db, who, code("0604"), world.clock, &world.log);
    return audit::search(ctx, query);
  };
  auto all = search({}, admin);
  BOOST_TEST_REQUIRE(all.entries.size() == 4U);
  BOOST_TEST(!all.more);
  BOOST_TEST(all.entries.front().sequence == 4);
  BOOST_TEST(all.entries.back().sequence == 1);
  BOOST_TEST(all.entries.back().at == "2026-11-22T10:15:30.123Z");
  BOOST_TEST(all.entries.back().hash == std::string(kFirstHash));

  auto page = search({.offset = 1, .limit = 2}, admin);
  BOOST_TEST_REQUIRE(page.entries.size() == 2U);
  BOOST_TEST(page.entries[0].sequence == 3);
  BOOST_TEST(page.more);
  BOOST_TEST(!search({.offset = 2, .limit = 2}, admin).more);

  BOOST_TEST(search({.principal = "staff:bert"}, admin).entries.size() == 1U);
  BOOST_TEST(search({.principal = "staff:nobody"}, admin).entries.empty());
  const auto errands = search({.action = "errand."}, admin);
  BOOST_TEST(errands.entries.size() == 3U);
  for (const auto& entry : errands.entries) BOOST_TEST(entry.action.starts_with("errand."));
  BOOST_TEST(search({.action = "case.view"}, admin).entries.size() == 1U);

  const auto start = audit_test_start();
  const auto later = search({.from = start + std::chrono::seconds(1)}, admin);
  BOOST_TEST(later.entries.size() == 3U, "the first entry is before");
  BOOST_TEST(search({.until = start + std::chrono::seconds(1)}, admin).entries.size() == 1U);
  BOOST_TEST(search({.from = start + std::chrono::hours(1)}, admin).entries.empty());
  BOOST_CHECK_THROW(search({.limit = 0}, admin), InvalidInput);
  BOOST_CHECK_THROW(search({.from = start, .until = start - std::chrono::seconds(1)}, admin), InvalidInput);
  // Who may not read the trail is refused (and the refusal recorded).
  const auto reader = security::Principal::staff("rut", {{code("0604"), {security::Role::kRegistrar}}});
  BOOST_CHECK_THROW(search({}, reader), Forbidden);
}

inline void check_edited_entry(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  const auto original = read_stored(db, "0604", 2);
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"at", "2025-01-01T00:00:00.000Z"},
      {"principal", "staff:mallory"},
      {"action", "errand.delete"},
      {"object_type", "case"},
      {"object_id", "43"},
      {"outcome", "failed"},
      {"detail", "nothing to see"},
      {"hash", std::string(kFirstHash)},
  };
  for (const auto& [column, value] : edits) {
    BOOST_TEST_CONTEXT("edited column " << column) {
      auto session = db.acquire();
      *session << "UPDATE audit_entry SET " + column + " = :v WHERE municipality = '0604' AND sequence = 2",
          soci::use(value, "v");
      expect_break(db, "0604", 2, "entry 2 was edited: its content does not match its hash");
      overwrite_stored(db, 2, original);
      expect_intact(db, 5);
    }
  }
}

inline void check_deleted_middle_entry(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  exec_sql(db, "DELETE FROM audit_entry WHERE municipality = '0604' AND sequence = 2");
  expect_break(db, "0604", 2, "entry 2 is missing: the chain goes from entry 1 to entry 3");
}

inline void check_deleted_first_entry(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  exec_sql(db, "DELETE FROM audit_entry WHERE municipality = '0604' AND sequence = 1");
  expect_break(db, "0604", 1, "entry 1 is missing: the chain goes from its start to entry 2");
}

inline void check_deleted_last_entry(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  exec_sql(db, "DELETE FROM audit_entry WHERE municipality = '0604' AND sequence = 3");
  expect_break(db, "0604", 3, "entry 3 is missing: the chain ends at entry 2 but its head records entry 3");
  const auto result = audit::AuditLog::verify(db, std::nullopt);
  BOOST_TEST(result.entries_checked == 2);
}

inline void check_reordered_entries(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  for (const auto& [a, b] : std::vector<std::pair<long long, long long>>{{1, 3}, {2, 3}, {1, 2}}) {
    BOOST_TEST_CONTEXT("swapped " << a << " and " << b) {
      const auto first = read_stored(db, "0604", a);
      const auto second = read_stored(db, "0604", b);
      overwrite_stored(db, a, second);
      overwrite_stored(db, b, first);
      expect_break(db, "0604", a,
                   "entry " + std::to_string(a) + " was reordered: its original content is now at sequence " +
                       std::to_string(b));
      overwrite_stored(db, a, first);
      overwrite_stored(db, b, second);
      expect_intact(db, 5);
    }
  }
}

inline void check_inserted_entry_at_the_end(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  // A forger who knows the format computes a perfect hash, but cannot append without the head.
  audit::AuditEntry forged = read_stored(db, "0604", 3);
  forged.sequence = 4;
  forged.action = "errand.close";
  forged.prev_hash = forged.hash;
  forged.hash = audit::entry_hash(forged.prev_hash, forged);
  insert_stored(db, forged);
  expect_break(db, "0604", 4, "entry 4 was inserted: the head records entry 3 but the chain goes on to entry 4");
}

inline void check_inserted_entry_in_the_middle(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  // Make room at 2 by renumbering 2.. upwards (twice, to keep UNIQUE happy), move the head
  // along, and insert a perfectly hashed entry linking to entry 1.
  exec_sql(db, "UPDATE audit_entry SET sequence = sequence + 1000 WHERE municipality = '0604' AND sequence >= 2");
  exec_sql(db, "UPDATE audit_entry SET sequence = sequence - 999 WHERE municipality = '0604' AND sequence >= 1000");
  exec_sql(db, "UPDATE audit_head SET sequence = 4 WHERE municipality = '0604'");
  audit::AuditEntry forged = read_stored(db, "0604", 1);
  forged.sequence = 2;
  forged.action = "errand.approve";
  forged.prev_hash = std::string(kFirstHash);
  forged.hash = audit::entry_hash(forged.prev_hash, forged);
  insert_stored(db, forged);
  expect_break(db, "0604", 2, "entry 2 was inserted: the entry now numbered 3 was entry 2");
}

inline void check_forged_entry_with_a_bad_link(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  // Entry 2 replaced by a forgery that hashes correctly but links to nothing in the chain.
  audit::AuditEntry forged = read_stored(db, "0604", 2);
  forged.detail = "forged";
  forged.prev_hash = std::string(64, 'a');
  forged.hash = audit::entry_hash(forged.prev_hash, forged);
  overwrite_stored(db, 2, forged);
  expect_break(db, "0604", 2, "entry 2 does not link to entry 1: an entry was inserted there or entry 1 was rewritten");
  // And a forgery that neither links nor hashes.
  forged.hash = std::string(64, 'b');
  overwrite_stored(db, 2, forged);
  expect_break(db, "0604", 2, "entry 2 does not link to entry 1 and does not match its own hash");
}

inline void check_rewritten_entry_with_recomputed_hash(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  audit::AuditEntry edited = read_stored(db, "0604", 2);
  edited.detail = "rewritten";
  edited.hash = audit::entry_hash(edited.prev_hash, edited);
  overwrite_stored(db, 2, edited);
  expect_break(db, "0604", 3, "entry 3 does not link to entry 2: an entry was inserted there or entry 2 was rewritten");
  // Rewriting the last entry and its hash is caught by the head.
  world.fill_standard();  // more entries, so that the rewrite of the last one is at the head
  audit::AuditEntry last = read_stored(db, "0680", 4);
  last.detail = "rewritten";
  last.hash = audit::entry_hash(last.prev_hash, last);
  overwrite_stored(db, 4, last);
  const auto only_0680 = audit::AuditLog::verify(db, code("0680"));
  BOOST_REQUIRE(only_0680.first_break.has_value());
  BOOST_TEST(only_0680.first_break->sequence == 4);
  BOOST_TEST(only_0680.first_break->reason == "entry 4 was rewritten: its hash differs from the chain head's");
}

inline void check_tampering_in_one_municipality_only(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  exec_sql(db, "UPDATE audit_entry SET object_id = '666' WHERE municipality = '0680' AND sequence = 1");
  expect_break(db, "0680", 1, "entry 1 was edited");
  const auto all = audit::AuditLog::verify(db, std::nullopt);
  BOOST_TEST(all.entries_checked == 3, "0604 is checked first and intact");
  expect_intact(db, 3, code("0604"));
}

inline void check_deleted_head(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();
  exec_sql(db, "DELETE FROM audit_head WHERE municipality = '0604'");
  expect_break(db, "0604", 3, "the chain has 3 entries but no head");
  // Emptying a whole chain still leaves its head behind as a witness.
  exec_sql(db, "DELETE FROM audit_entry WHERE municipality = '0680'");
  const auto only_0680 = audit::AuditLog::verify(db, code("0680"));
  BOOST_REQUIRE(only_0680.first_break.has_value());
  BOOST_TEST(only_0680.first_break->reason ==
             "entry 1 is missing: the chain ends at its start but its head records entry 2");
}

inline void check_refusal_survives_the_callers_rollback(storage::Database& db) {
  AuditWorld world(db);
  {
    auto session = db.acquire();
    soci::transaction caller(*session);
    tenancy::TenantSession tx(*session, db.dialect(), code("0604"));
    int before = -1;
    tx.exec("SELECT COUNT(*) FROM audit_entry WHERE {{tenant}}", soci::into(before));
    BOOST_TEST(before == 0);
    // The service finds the principal may not do this: the refusal is written on its own...
    world.log.append_separately(db, code("0604"), world.anna, world.clock.now(),
                                {"errand.read", "errand", "42", "missing role case-handler"}, audit::Outcome::kRefused);
    // ...and the caller's transaction rolls back as the exception unwinds.
    caller.rollback();
  }
  expect_intact(db, 1);
  BOOST_TEST(read_stored(db, "0604", 1).outcome == "refused");
  BOOST_TEST(read_stored(db, "0604", 1).detail == "missing role case-handler");

  // An entry written in the caller's transaction vanishes with it.
  {
    auto session = db.acquire();
    soci::transaction caller(*session);
    tenancy::TenantSession tx(*session, db.dialect(), code("0604"));
    world.log.append(tx, world.anna, world.clock.now(), {"errand.update", "errand", "42"}, audit::Outcome::kSuccess);
    caller.rollback();
  }
  expect_intact(db, 1);
  BOOST_TEST(audit::AuditLog::head(db, code("0604")).first == 1);
}

inline void check_citizen_is_pseudonymised(storage::Database& db) {
  AuditWorld world(db);
  const auto pnr = ids::Personnummer::parse("19121212-1212");
  const auto citizen = security::Principal::citizen(pnr);
  world.append_as(citizen, "0604", {"errand.submit", "errand", "42"});
  world.append_as(citizen, "0604", {"errand.read", "errand", "42"});
  expect_intact(db, 2);
  const auto entry = read_stored(db, "0604", 1);
  BOOST_TEST(entry.principal == "citizen:" + world.keyring.blind_index("audit.principal", "191212121212"));
  BOOST_TEST(entry.principal == "citizen:fd8ecaf910a51ac20b97ddac9930581f3cc3d7bd541d4658fbc47f6b187df7a9");
  BOOST_TEST(read_stored(db, "0604", 2).principal == entry.principal, "one citizen, one pseudonym");
  // Nothing of the number is stored anywhere in the table, in any form.
  auto session = db.acquire();
  soci::rowset<soci::row> rows =
      (session->prepare << "SELECT municipality, CAST(sequence AS TEXT), " + time_expression(db) +
                               ", principal, action, object_type, object_id, outcome, detail, prev_hash, hash "
                               "FROM audit_entry");
  int seen = 0;
  for (const auto& row : rows) {
    ++seen;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const auto value = row.get<std::string>(i);
      for (const char* form : {"1212121212", "121212-1212", "19121212"}) {
        BOOST_TEST(value.find(form) == std::string::npos, "column " << i << " holds " << form);
      }
    }
  }
  BOOST_TEST(seen == 2);
}

/// Several appends in one transaction: to an existing chain and to a new one (whose head row
/// the first append creates), then committed, or rolled back without a trace.
inline void check_appends_in_one_transaction(storage::Database& db) {
  AuditWorld world(db);
  world.fill_standard();  // 0604: 3 entries, 0680: 2
  {
    auto session = db.acquire();
    soci::transaction transaction(*session);
    tenancy::TenantSession tx(*session, db.dialect(), code("0617"));
    for (int i = 1; i <= 3; ++i) {
      world.log.append(tx, world.anna, world.clock.now(), {"errand.read", "errand", std::to_string(i)},
                       audit::Outcome::kSuccess);
    }
    transaction.rollback();
  }
  BOOST_TEST(audit::AuditLog::head(db, code("0617")).first == 0, "a rolled-back chain leaves no head");
  BOOST_TEST(audit::AuditLog::head(db, code("0617")).second == std::string(audit::kGenesisHash));
  expect_intact(db, 5);
  {
    auto session = db.acquire();
    soci::transaction transaction(*session);
    tenancy::TenantSession existing(*session, db.dialect(), code("0604"));
    tenancy::TenantSession fresh(*session, db.dialect(), code("0617"));
    world.log.append(existing, world.anna, world.clock.now(), {"errand.read", "errand", "44"},
                     audit::Outcome::kSuccess);
    world.log.append(fresh, world.anna, world.clock.now(), {"errand.read", "errand", "1"}, audit::Outcome::kSuccess);
    world.log.append(existing, world.anna, world.clock.now(), {"errand.update", "errand", "44", "status"},
                     audit::Outcome::kSuccess);
    world.log.append(fresh, world.anna, world.clock.now(), {"errand.read", "errand", "2"}, audit::Outcome::kSuccess);
    transaction.commit();
  }
  expect_intact(db, 9);
  const auto [sequence_0604, hash_0604] = audit::AuditLog::head(db, code("0604"));
  BOOST_TEST(sequence_0604 == 5);
  BOOST_TEST(hash_0604 == read_stored(db, "0604", 5).hash);
  BOOST_TEST(read_stored(db, "0604", 4).prev_hash == read_stored(db, "0604", 3).hash);
  BOOST_TEST(read_stored(db, "0604", 5).prev_hash == read_stored(db, "0604", 4).hash);
  BOOST_TEST(read_stored(db, "0617", 1).prev_hash == std::string(audit::kGenesisHash));
  BOOST_TEST(read_stored(db, "0617", 2).object_id == "2");
  BOOST_TEST(audit::AuditLog::head(db, code("0617")).first == 2);
  // The chain's own head (and not a fresh one) is what the next append continues from.
  world.append("0617", {"errand.read", "errand", "3"});
  BOOST_TEST(read_stored(db, "0617", 3).prev_hash == read_stored(db, "0617", 2).hash);
  expect_intact(db, 10);
}

/// The pseudonym for naming a citizen in an entry's detail is the one the trail records.
inline void check_citizen_pseudonym_matches_the_recorded_principal(storage::Database& db) {
  AuditWorld world(db);
  const auto pnr = ids::Personnummer::parse("19121212-1212");
  BOOST_TEST(audit::citizen_pseudonym(world.keyring, pnr) ==
             world.log.recorded_principal(security::Principal::citizen(pnr)));
  BOOST_TEST(audit::citizen_pseudonym(world.keyring, pnr) ==
             "citizen:fd8ecaf910a51ac20b97ddac9930581f3cc3d7bd541d4658fbc47f6b187df7a9");
}

/// `threads` × `per_thread` appends to one municipality, each in its own transaction on its own
/// connection (the pool needs `threads` sessions). Returns appends per second.
inline double check_concurrent_appends(storage::Database& db, int threads, int per_thread) {
  AuditWorld world(db);
  // Boost.Test is not thread-safe: workers only collect errors; the main thread reports them.
  std::mutex errors_mutex;
  std::vector<std::string> errors;
  std::vector<std::thread> workers;
  const auto started = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        try {
          auto session = db.acquire(std::chrono::seconds(60));
          soci::transaction transaction(*session);
          tenancy::TenantSession tx(*session, db.dialect(), code("0604"));
          world.log.append(tx, world.anna, world.clock.now(),
                           {"errand.read", "errand", std::to_string(t) + "-" + std::to_string(i)},
                           audit::Outcome::kSuccess);
          transaction.commit();
        } catch (const std::exception& e) {
          const std::lock_guard lock(errors_mutex);
          errors.emplace_back(e.what());
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const int total = threads * per_thread;
  BOOST_TEST(errors.empty(), errors.size() << " appends failed, the first: " << (errors.empty() ? "" : errors[0]));
  expect_intact(db, total);
  long long count = 0, distinct = 0, low = 0, high = 0;
  auto session = db.acquire();
  *session << "SELECT COUNT(*), COUNT(DISTINCT sequence), MIN(sequence), MAX(sequence) FROM audit_entry "
              "WHERE municipality = '0604'",
      soci::into(count), soci::into(distinct), soci::into(low), soci::into(high);
  BOOST_TEST(count == total);
  BOOST_TEST(distinct == total);
  BOOST_TEST(low == 1);
  BOOST_TEST(high == total);
  BOOST_TEST(audit::AuditLog::head(db, code("0604")).first == total);
  return total / seconds;
}

struct AppendRates {
  double appends_per_second = 0;
  double verified_per_second = 0;
};

/// `count` appends one after the other, each in its own transaction, then one verify.
inline AppendRates check_sequential_append_rate(storage::Database& db, int count) {
  AuditWorld world(db);
  AppendRates rates;
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) world.append("0604", {"errand.read", "errand", std::to_string(i)});
  rates.appends_per_second = count / std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  started = std::chrono::steady_clock::now();
  expect_intact(db, count);
  rates.verified_per_second = count / std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return rates;
}

}  // namespace samverkan::test
