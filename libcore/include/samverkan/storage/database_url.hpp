#pragma once
/// Where the database is: `sqlite:PATH[?synchronous=full|normal]` (embedded default) or
/// `postgresql://user[:password]@host[:port]/dbname` (production).
///
/// SQLite durability: by default every commit waits until the write-ahead log is on disk
/// (`PRAGMA synchronous=FULL`), so an acknowledged write survives a power failure.
/// `?synchronous=normal` trades that for speed: in WAL mode the database stays consistent,
/// but the last commits before a power failure (not a process crash) can be lost.
/// A PostgreSQL password may also come from PGPASSWORD (read by libpq) or from a password
/// file; it never comes from the cooperation config.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace samverkan::storage {

enum class Backend { kSqlite, kPostgresql };

/// SQLite's `PRAGMA synchronous` for the connections of a `sqlite:` URL.
enum class SqliteSynchronous {
  kFull,    ///< default: a commit is durable when acknowledged
  kNormal,  ///< `?synchronous=normal`: consistent, but recent commits may be lost on power failure
};

struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::filesystem::path sqlite_path;                                ///< for kSqlite
  SqliteSynchronous sqlite_synchronous = SqliteSynchronous::kFull;  ///< for kSqlite
  std::string host;  ///< for kPostgresql; a path starting with '/' is a socket dir
  int port = 5432;
  std::string user;
  std::string password;  ///< empty: libpq falls back to PGPASSWORD / ~/.pgpass
  std::string dbname;

  /// Parses a URL; percent-escapes in user, password and dbname are decoded. A `sqlite:` URL
  /// may end in `?synchronous=full` or `?synchronous=normal` (the only option it takes).
  /// Throws samverkan::InvalidInput naming what is wrong.
  static DatabaseUrl parse(std::string_view url);

  /// Reads the password from a file (first line, trailing newline dropped). Throws
  /// samverkan::InvalidInput when the file cannot be read.
  void read_password_file(const std::filesystem::path& file);

  /// The SOCI connect string (libpq conninfo for PostgreSQL). Contains the password.
  std::string connect_string() const;

  /// The URL with the password replaced by "***", safe for logs and errors; a relaxed SQLite
  /// synchronous setting is shown ("?synchronous=normal").
  std::string redacted() const;
};

}  // namespace samverkan::storage
