#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
using security::Permission;
using security::Principal;
using security::Role;

namespace {

const auto kAneby = ids::Kommunkod::parse("0604");
const auto kEksjo = ids::Kommunkod::parse("0686");

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "c.db").string()), 4);
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("k1")});
  audit::AuditLog audit_log{keyring};
  ManualClock clock{std::chrono::sys_days(std::chrono::year(2026) / 11 / 22)};

  Fixture() {
    storage::Migrator(*db).migrate();
    auto session = db->acquire();
    *session << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0604', '2120000043', 'Aneby')";
    *session << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0686', '2120000860', 'Eksjö')";
  }

  int entries(const std::string& outcome) {
    auto session = db->acquire();
    int count = 0;
    *session << "SELECT COUNT(*) FROM audit_entry WHERE outcome = :o", soci::use(outcome), soci::into(count);
    return count;
  }
};

const audit::AuditEvent kRead{"errand.read", "errand", "42"};

}  // namespace

BOOST_AUTO_TEST_SUITE(context_test)

BOOST_FIXTURE_TEST_CASE(allowed_action_is_audited_with_the_change, Fixture) {
  const auto handler = Principal::staff("h", {{kAneby, {Role::kCaseHandler}}});
  {
    tenancy::Context ctx(*db, handler, kAneby, clock, &audit_log);
    ctx.require(Permission::kErrandRead, kRead);
    ctx.audit(kRead);
    ctx.commit();
  }
  BOOST_TEST(entries("success") == 1);
  {
    tenancy::Context ctx(*db, handler, kAneby, clock, &audit_log);
    ctx.audit(kRead);
    // no commit: the work and its audit entry vanish together
  }
  BOOST_TEST(entries("success") == 1);
  BOOST_TEST(!audit::AuditLog::verify(*db, kAneby).first_break.has_value());
}

BOOST_FIXTURE_TEST_CASE(outsider_gets_not_found_and_the_refusal_is_kept, Fixture) {
  const auto eksjo_handler = Principal::staff("e", {{kEksjo, {Role::kCaseHandler}}});
  {
    tenancy::Context ctx(*db, eksjo_handler, kAneby, clock, &audit_log);
    BOOST_CHECK_EXCEPTION(ctx.require(Permission::kErrandRead, kRead), NotFound,
                          [](const NotFound& e) { return std::string(e.what()) == "no such errand"; });
  }  // rolled back
  BOOST_TEST(entries("refused") == 1, "the refusal survives the caller's rollback");
  auto session = db->acquire();
  std::string principal, municipality;
  *session << "SELECT principal, municipality FROM audit_entry WHERE outcome = 'refused'", soci::into(principal),
      soci::into(municipality);
  BOOST_TEST(principal == "staff:e");
  BOOST_TEST(municipality == "0604");
}

BOOST_FIXTURE_TEST_CASE(outsider_acting_on_a_public_object_gets_forbidden, Fixture) {
  const auto eksjo_registrar = Principal::staff("r", {{kEksjo, {Role::kRegistrar}}});
  tenancy::Context ctx(*db, eksjo_registrar, kAneby, clock, &audit_log);
  BOOST_CHECK_THROW(ctx.require(Permission::kCaseRegister, {"case.register", "case", "KS 2026/1"},
                                tenancy::Context::Visibility::kPublic),
                    Forbidden);
}

BOOST_FIXTURE_TEST_CASE(member_without_the_role_gets_forbidden, Fixture) {
  const auto reader = Principal::staff("x", {{kAneby, {Role::kReader}}});
  tenancy::Context ctx(*db, reader, kAneby, clock, &audit_log);
  BOOST_CHECK_EXCEPTION(
      ctx.require(Permission::kErrandHandle, {"errand.update", "errand", "42"}), Forbidden,
      [](const Forbidden& e) { return std::string(e.what()) == "you may not errand.handle in municipality 0604"; });
  BOOST_TEST(entries("refused") == 1);
}

BOOST_FIXTURE_TEST_CASE(refusal_after_own_writes_does_not_wait_for_its_own_locks, Fixture) {
  const auto reader = Principal::staff("x", {{kAneby, {Role::kReader}}});
  const auto started = std::chrono::steady_clock::now();
  {
    tenancy::Context ctx(*db, reader, kAneby, clock, &audit_log);
    ctx.audit(kRead);  // holds the write lock on SQLite
    BOOST_CHECK_THROW(ctx.require(Permission::kErrandHandle, {"errand.update", "errand", "42"}), Forbidden);
    BOOST_CHECK_THROW(ctx.commit(), InternalError);  // unusable after a refusal
  }
  BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(2)));
  BOOST_TEST(entries("refused") == 1);
  BOOST_TEST(entries("success") == 0, "the refused context's own work was rolled back");
  BOOST_TEST(!audit::AuditLog::verify(*db, kAneby).first_break.has_value());
}

BOOST_FIXTURE_TEST_CASE(citizens_are_pseudonymised_in_the_trail, Fixture) {
  const auto citizen = Principal::citizen(ids::Personnummer::parse("191212121212"));
  {
    tenancy::Context ctx(*db, citizen, kAneby, clock, &audit_log);
    ctx.audit({"errand.submit", "errand", "7"});
    ctx.commit();
  }
  auto session = db->acquire();
  std::string principal;
  *session << "SELECT principal FROM audit_entry", soci::into(principal);
  BOOST_TEST(principal.find("citizen:") == 0);
  BOOST_TEST(principal.find("191212121212") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(context_without_audit_log_refuses_audit, Fixture) {
  tenancy::Context ctx(*db, Principal::system("test"), kAneby, clock, nullptr);
  BOOST_CHECK_THROW(ctx.audit(kRead), InternalError);
  ctx.commit();
  BOOST_CHECK_THROW(ctx.commit(), InternalError);
}

BOOST_AUTO_TEST_CASE(audited_reads_and_writes_from_many_threads_never_fail_on_sqlite) {
  // An audited read is a read followed by a write (its audit entry). In WAL mode a deferred
  // transaction that read first cannot take the write lock once another connection committed
  // meanwhile: SQLite refuses at once with SQLITE_BUSY, which surfaced as 503s. Readers and
  // writers hammer one file here; not one call may fail.
  constexpr int kThreads = 8;
  constexpr int kRounds = 40;
  Fixture f;
  auto db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (f.dir / "c.db").string()), kThreads);
  {
    auto session = db->acquire();
    *session << "CREATE TABLE busy_note (municipality CHAR(4) NOT NULL, body TEXT NOT NULL)";
  }
  const auto handler = Principal::staff("h", {{kAneby, {Role::kCaseHandler}}});
  std::atomic<int> failures{0};
  std::mutex messages_mutex;
  std::vector<std::string> messages;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        try {
          const bool writer = (t + round) % 2 == 0;
          tenancy::Context ctx(*db, handler, kAneby, f.clock, &f.audit_log,
                               writer ? tenancy::Context::Intent::kWrite : tenancy::Context::Intent::kRead);
          int notes = 0;
          ctx.sql().exec("SELECT COUNT(*) FROM busy_note WHERE {{tenant}}", soci::into(notes));
          if (writer) {
            const std::string body = "note " + std::to_string(t) + "." + std::to_string(round);
            ctx.sql().exec("INSERT INTO busy_note (municipality, body) VALUES (:tenant, :body)",
                           soci::use(body, "body"));
          }
          ctx.audit({writer ? "note.add" : "note.read", "note", std::to_string(notes)});
          ctx.commit();
        } catch (const std::exception& e) {
          ++failures;
          const std::lock_guard lock(messages_mutex);
          messages.push_back(e.what());
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(failures.load() == 0, (messages.empty() ? std::string() : messages.front()));
  BOOST_TEST(f.entries("success") == kThreads * kRounds, "every call left its audit entry");
  BOOST_TEST(!audit::AuditLog::verify(*db, kAneby).first_break.has_value(), "and the chain is intact");
}

BOOST_AUTO_TEST_SUITE_END()
