#pragma once
/// A pool of SOCI sessions to one database, SQLite or PostgreSQL.
/// Usage:
///   auto db = Database::open(DatabaseUrl::parse("sqlite:data/samverkan.db"), 8);
///   auto session = db->acquire();          // returns the session to the pool at scope end
///   *session << "select 1", soci::into(one);
/// SOCI errors leave this module as samverkan::Unavailable (connection problems) or
/// samverkan::InternalError.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "samverkan/storage/database_url.hpp"
#include "samverkan/storage/dialect.hpp"

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace samverkan::storage {

class Database {
 public:
  /// A leased session; goes back to the pool when destroyed.
  class Lease {
   public:
    Lease(Database& db, std::size_t slot) noexcept : db_(&db), slot_(slot) {}
    Lease(Lease&& other) noexcept : db_(std::exchange(other.db_, nullptr)), slot_(other.slot_) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    soci::session& operator*() const noexcept;
    soci::session* operator->() const noexcept { return &**this; }

   private:
    Database* db_;
    std::size_t slot_;
  };

  /// Opens `pool_size` connections (at least 1). For SQLite, creates the file's folder (0700)
  /// and the file (0600; an existing file, WAL and SHM lose group and other permissions),
  /// enables WAL, foreign keys, a busy timeout and `synchronous` as the URL says (FULL by
  /// default). Throws samverkan::Unavailable when the
  /// database cannot be reached, samverkan::InvalidInput for a bad URL.
  static std::unique_ptr<Database> open(const DatabaseUrl& url, std::size_t pool_size);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const Dialect& dialect() const noexcept { return dialect_; }
  const DatabaseUrl& url() const noexcept { return url_; }
  std::size_t pool_size() const noexcept { return pool_size_; }

  /// Leases a session, waiting at most `timeout`. Throws samverkan::Unavailable when none
  /// becomes free in time.
  Lease acquire(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  /// How the pool is used, since the database was opened (for /metrics).
  struct PoolUse {
    std::size_t size = 0;
    std::size_t in_use = 0;              ///< sessions leased now
    std::uint64_t acquisitions = 0;      ///< leases given
    std::uint64_t timeouts = 0;          ///< acquire() calls that found no free session in time
    std::chrono::nanoseconds waited{0};  ///< all acquire() calls' waiting, added up
  };
  PoolUse pool_use() const noexcept;

  /// Runs a trivial query; reconnects a broken session once. Throws samverkan::Unavailable
  /// with the reason when the database does not answer.
  void ping();

 private:
  Database(DatabaseUrl url, std::size_t pool_size);
  void configure_session(soci::session& session) const;

  DatabaseUrl url_;
  Dialect dialect_;
  std::size_t pool_size_;
  std::unique_ptr<soci::connection_pool> pool_;
  std::atomic<std::size_t> in_use_{0};
  std::atomic<std::uint64_t> acquisitions_{0};
  std::atomic<std::uint64_t> timeouts_{0};
  std::atomic<std::uint64_t> wait_nanoseconds_{0};
};

}  // namespace samverkan::storage
