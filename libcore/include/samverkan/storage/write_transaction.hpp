#pragma once
/// A transaction that may write, begun so that it cannot fail half-way on a busy SQLite file.
///
/// SQLite in WAL mode lets a deferred transaction read from a snapshot; when it then writes,
/// it must take the write lock, and if another connection committed since its first read
/// SQLite refuses at once with SQLITE_BUSY (the snapshot is stale; the busy timeout does not
/// cover that case). BEGIN IMMEDIATE takes the write lock at the start instead, waiting up to
/// the busy timeout for it, so the transaction's reads and writes all see the latest data.
/// PostgreSQL needs nothing special: BEGIN.
///
///   auto session = db.acquire();
///   storage::WriteTransaction transaction(*session, db.dialect().backend());
///   ... SELECT, then UPDATE ...
///   transaction.commit();   // not committed: rolled back when it goes out of scope

#include "samverkan/storage/database_url.hpp"

namespace soci {
class session;
}  // namespace soci

namespace samverkan::storage {

/// Begins a transaction that may write on `session`: BEGIN IMMEDIATE on SQLite, BEGIN on
/// PostgreSQL. End it with session.commit() or session.rollback(). Throws soci::soci_error.
void begin_write(soci::session& session, Backend backend);

/// RAII over begin_write(): rolls back on destruction unless commit() was called.
class WriteTransaction {
 public:
  /// Throws soci::soci_error when the transaction cannot begin (on SQLite: the write lock did
  /// not come free within the busy timeout).
  WriteTransaction(soci::session& session, Backend backend);
  /// Rolls back unless committed. Never throws.
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  /// Throws soci::soci_error when the commit fails (the transaction is then over).
  void commit();

 private:
  soci::session& session_;
  bool finished_ = false;
};

}  // namespace samverkan::storage
