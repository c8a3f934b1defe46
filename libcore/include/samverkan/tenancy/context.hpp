#pragma once
/// The context of one service call: who acts, in which municipality, in which transaction,
/// and at what time. Every service function takes one; the audit log writes through its
/// transaction; repositories reach the database only through its TenantSession, which
/// scopes every statement to the municipality.
///
///   tenancy::Context ctx(db, principal, ids::Kommunkod::parse("0199"), clock, &audit);
///   ctx.require(security::Permission::kErrandRead, {"errand.read", "errand", id});
///   ctx.sql().exec("UPDATE errand SET status = :s WHERE {{tenant}} AND id = :id",
///                  soci::use(status, "s"), soci::use(id, "id"));
///   ctx.commit();

#include <memory>
#include <string>

#include "samverkan/core/clock.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/security/permission.hpp"
#include "samverkan/security/principal.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/tenant_session.hpp"

namespace samverkan::audit {
class AuditLog;
struct AuditEvent;
}  // namespace samverkan::audit

namespace samverkan::tenancy {

class Context {
 public:
  /// What the call will do. On SQLite a kWrite context takes the write lock at the start
  /// (BEGIN IMMEDIATE, storage/write_transaction.hpp), so a read-then-write cannot fail half-way
  /// with SQLITE_BUSY on a busy database. A kRead context writes nothing but its audit entries:
  /// it reads beside the writers, and its first audit() ends the read transaction and begins
  /// one that takes the write lock (waiting for it), so an audited read never fails at once with
  /// SQLITE_BUSY either. (Reads after the first audit() see the data as it is then.)
  enum class Intent { kRead, kWrite };

  /// Leases a session and begins a transaction. `audit` may be null only in code that
  /// touches no personal data (tests of plumbing); services always pass the log.
  Context(storage::Database& db, security::Principal principal, ids::Kommunkod municipality, const Clock& clock,
          audit::AuditLog* audit, Intent intent = Intent::kWrite);
  /// Rolls back unless commit() was called. Never throws.
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const security::Principal& principal() const noexcept { return principal_; }
  const ids::Kommunkod& municipality() const noexcept { return municipality_; }
  Clock::TimePoint now() const { return clock_.now(); }
  const Clock& clock() const noexcept { return clock_; }
  storage::Database& database() noexcept { return db_; }

  /// The tenant-scoped session of this transaction.
  TenantSession& sql() noexcept { return *sql_; }

  /// Whether the object acted on may be known to exist by anyone (a public register entry)
  /// or not (an errand): decides how an outsider is refused.
  enum class Visibility { kHidden, kPublic };

  /// Returns when the principal holds `permission` here. Otherwise throws: a principal with
  /// no relation to this municipality gets samverkan::NotFound for hidden objects (existence
  /// is not leaked) and samverkan::Forbidden for public ones; a member of the municipality
  /// lacking the role gets Forbidden. Every refusal is written to the audit log in a
  /// transaction of its own (it must survive the rollback that follows the exception); this
  /// context's transaction is rolled back first, so it holds no lock the refusal waits for,
  /// and the context cannot be used after a refusal.
  void require(security::Permission permission, const audit::AuditEvent& attempted,
               Visibility visibility = Visibility::kHidden);

  /// Appends `event` (outcome success) to the audit log in this transaction (on SQLite, in a
  /// kRead context, the write transaction that follows its reads; see Intent). Throws
  /// samverkan::Unavailable when the write lock cannot be had within the busy timeout.
  void audit(const audit::AuditEvent& event);

  void commit();

 private:
  storage::Database& db_;
  security::Principal principal_;
  ids::Kommunkod municipality_;
  const Clock& clock_;
  audit::AuditLog* audit_;
  storage::Database::Lease lease_;
  std::unique_ptr<TenantSession> sql_;
  bool finished_ = false;     ///< committed or rolled back
  bool write_locked_ = true;  ///< false while a kRead context on SQLite holds only a read snapshot
};

}  // namespace samverkan::tenancy
