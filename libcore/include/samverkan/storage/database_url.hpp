#pragma once
/// Where the database is: `sqlite:PATH` (embedded default) or
/// `postgresql://user[:password]@host[:port]/dbname` (production).
/// A PostgreSQL password may also come from PGPASSWORD (read by libpq) or from a password
/// file; it never comes from the cooperation config.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace samverkan::storage {

enum class Backend { kSqlite, kPostgresql };

struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::filesystem::path sqlite_path;  ///< for kSqlite
  std::string host;                   ///< for kPostgresql; a path starting with '/' is a socket dir
  int port = 5432;
  std::string user;
  std::string password;  ///< empty: libpq falls back to PGPASSWORD / ~/.pgpass
  std::string dbname;

  /// Parses a URL; percent-escapes in user, password and dbname are decoded.
  /// Throws samverkan::InvalidInput naming what is wrong.
  static DatabaseUrl parse(std::string_view url);

  /// Reads the password from a file (first line, trailing newline dropped). Throws
  /// samverkan::InvalidInput when the file cannot be read.
  void read_password_file(const std::filesystem::path& file);

  /// The SOCI connect string (libpq conninfo for PostgreSQL). Contains the password.
  std::string connect_string() const;

  /// The URL with the password replaced by "***", safe for logs and errors.
  std::string redacted() const;
};

}  // namespace samverkan::storage
