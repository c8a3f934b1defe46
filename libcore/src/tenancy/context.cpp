#include "samverkan/tenancy/context.hpp"

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/storage/write_transaction.hpp"

namespace samverkan::tenancy {

Context::Context(storage::Database& db, security::Principal principal, ids::Kommunkod municipality, const Clock& clock,
                 audit::AuditLog* audit, Intent intent)
    : db_(db),
      principal_(std::move(principal)),
      municipality_(std::move(municipality)),
      clock_(clock),
      audit_(audit),
      lease_(db.acquire()) {
  try {
    if (intent == Intent::kWrite) {
      // Takes SQLite's write lock now (storage/write_transaction.hpp): a read-then-write
      // cannot fail half-way.
      storage::begin_write(*lease_, db.dialect().backend());
    } else {
      lease_->begin();
      // A reading context on SQLite reads beside the writers; its audit entries take the
      // write lock when they come (audit()).
      write_locked_ = db.dialect().backend() != storage::Backend::kSqlite;
    }
  } catch (const soci::soci_error& e) {
    throw Unavailable(std::string("cannot begin a transaction: ") + e.what());
  }
  sql_ = std::make_unique<TenantSession>(*lease_, db.dialect(), municipality_);
}

Context::~Context() {
  if (finished_) return;
  try {
    lease_->rollback();
  } catch (...) {
    // A broken connection rolls back by itself; nothing more to do in a destructor.
  }
}

void Context::require(security::Permission permission, const audit::AuditEvent& attempted, Visibility visibility) {
  if (finished_) throw InternalError("context already finished");
  if (security::allows(principal_, municipality_, permission)) return;
  try {
    lease_->rollback();
  } catch (const soci::soci_error&) {
    // The refusal is what matters; a failed rollback leaves nothing committed.
  }
  finished_ = true;
  if (audit_ != nullptr) {
    audit_->append_separately(db_, municipality_, principal_, clock_.now(), attempted, audit::Outcome::kRefused);
  }
  const bool insider = principal_.belongs_to(municipality_) || principal_.is_platform_administrator() ||
                       (principal_.kind() == security::PrincipalKind::kCitizen);
  if (!insider && visibility == Visibility::kHidden) {
    throw NotFound("no such " + (attempted.object_type.empty() ? std::string("object") : attempted.object_type));
  }
  throw Forbidden("you may not " + std::string(security::to_string(permission)) + " in municipality " +
                  municipality_.str());
}

void Context::audit(const audit::AuditEvent& event) {
  if (audit_ == nullptr) throw InternalError("this context has no audit log; personal data needs one");
  if (finished_) throw InternalError("context already finished");
  if (!write_locked_) {
    // An audited read on SQLite: the read transaction cannot take the write lock once another
    // connection has committed since its first read (SQLITE_BUSY at once, which the busy
    // timeout does not cover). It wrote nothing, so it ends, and the audit entries go into a
    // transaction that takes the write lock first, waiting for it like any writer.
    try {
      *lease_ << "COMMIT";
      storage::begin_write(*lease_, db_.dialect().backend());
    } catch (const soci::soci_error& e) {
      finished_ = true;
      throw Unavailable(std::string("cannot begin the audit entry's transaction: ") + e.what());
    }
    write_locked_ = true;
  }
  audit_->append(*sql_, principal_, clock_.now(), event, audit::Outcome::kSuccess);
}

void Context::commit() {
  if (finished_) throw InternalError("context already finished");
  try {
    lease_->commit();
  } catch (const soci::soci_error& e) {
    throw Unavailable(std::string("cannot commit: ") + e.what());
  }
  finished_ = true;
}

}  // namespace samverkan::tenancy
