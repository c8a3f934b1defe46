#include "samverkan/storage/database.hpp"

#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "samverkan/core/error.hpp"
#include "samverkan/core/private_files.hpp"

namespace samverkan::storage {
namespace {

const soci::backend_factory& factory_for(Backend backend) {
  return backend == Backend::kSqlite ? *soci::factory_sqlite3() : *soci::factory_postgresql();
}

// The first line of a SOCI/libpq message is the useful part; libpq appends hints after it.
std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

// The database holds password hashes and encrypted personal data: its folder is created 0700
// and the file 0600 before SQLite opens it. SQLite gives the -wal and -shm files the database
// file's mode, so they are 0600 too. An existing file (and its WAL/SHM) loses any group or
// other permission.
void prepare_sqlite_file(const std::filesystem::path& path) {
  core::create_private_directories(path.parent_path());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw Unavailable("cannot create the database file " + path.string() + ": " + std::strerror(errno));
  ::close(fd);
  for (const char* suffix : {"", "-wal", "-shm"}) core::restrict_to_owner(path.string() + suffix);
}

}  // namespace

Database::Lease::~Lease() {
  if (db_ == nullptr) return;
  db_->in_use_.fetch_sub(1, std::memory_order_relaxed);
  db_->pool_->give_back(slot_);
}

soci::session& Database::Lease::operator*() const noexcept { return db_->pool_->at(slot_); }

Database::Database(DatabaseUrl url, std::size_t pool_size)
    : url_(std::move(url)),
      dialect_(url_.backend),
      pool_size_(pool_size == 0 ? 1 : pool_size),
      pool_(std::make_unique<soci::connection_pool>(pool_size_)) {}

Database::~Database() = default;

std::unique_ptr<Database> Database::open(const DatabaseUrl& url, std::size_t pool_size) {
  if (url.backend == Backend::kSqlite) prepare_sqlite_file(url.sqlite_path);
  std::unique_ptr<Database> db(new Database(url, pool_size));
  const std::string connect = url.connect_string();
  for (std::size_t i = 0; i < db->pool_size_; ++i) {
    auto& session = db->pool_->at(i);
    try {
      session.open(factory_for(url.backend), connect);
      db->configure_session(session);
    } catch (const soci::soci_error& e) {
      throw Unavailable("cannot open database " + url.redacted() + ": " + first_line(e.what()));
    }
  }
  return db;
}

void Database::configure_session(soci::session& session) const {
  if (url_.backend == Backend::kSqlite) {
    // WAL lets readers run beside one writer; busy_timeout makes writers wait, not fail.
    session << "PRAGMA journal_mode=WAL";
    session << "PRAGMA foreign_keys=ON";
    session << "PRAGMA busy_timeout=10000";
    // FULL unless the URL relaxes it: WAL with NORMAL may lose acknowledged commits on power failure.
    session << (url_.sqlite_synchronous == SqliteSynchronous::kNormal ? "PRAGMA synchronous=NORMAL"
                                                                      : "PRAGMA synchronous=FULL");
  } else {
    session << "SET TIME ZONE 'UTC'";
  }
}

Database::Lease Database::acquire(std::chrono::milliseconds timeout) {
  std::size_t slot = 0;
  const auto started = std::chrono::steady_clock::now();
  const bool leased = pool_->try_lease(slot, static_cast<int>(timeout.count()));
  const auto waited = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started);
  wait_nanoseconds_.fetch_add(static_cast<std::uint64_t>(waited.count()), std::memory_order_relaxed);
  if (!leased) {
    timeouts_.fetch_add(1, std::memory_order_relaxed);
    throw Unavailable("no database connection became free within " + std::to_string(timeout.count()) + " ms");
  }
  acquisitions_.fetch_add(1, std::memory_order_relaxed);
  in_use_.fetch_add(1, std::memory_order_relaxed);
  return Lease(*this, slot);
}

Database::PoolUse Database::pool_use() const noexcept {
  return {pool_size_, in_use_.load(std::memory_order_relaxed), acquisitions_.load(std::memory_order_relaxed),
          timeouts_.load(std::memory_order_relaxed),
          std::chrono::nanoseconds(wait_nanoseconds_.load(std::memory_order_relaxed))};
}

void Database::ping() {
  auto session = acquire(std::chrono::seconds(2));
  int one = 0;
  try {
    *session << "SELECT 1", soci::into(one);
    return;
  } catch (const soci::soci_error&) {
    // The connection may have been dropped (server restart); try one fresh connection.
  }
  try {
    session->reconnect();
    configure_session(*session);
    *session << "SELECT 1", soci::into(one);
  } catch (const soci::soci_error& e) {
    throw Unavailable("database " + url_.redacted() + " does not answer: " + first_line(e.what()));
  }
}

}  // namespace samverkan::storage
