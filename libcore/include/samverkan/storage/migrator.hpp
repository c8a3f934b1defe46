#pragma once
/// Applies the embedded migrations in order, each in its own transaction, recording them in
/// `schema_migrations`. Idempotent; refuses a database whose schema is newer than this binary
/// or whose applied migrations differ from the binary's (an edited migration).
/// On PostgreSQL an advisory lock keeps two starting servers from migrating at once.

#include <string>
#include <string_view>
#include <vector>

#include "samverkan/storage/database.hpp"
#include "samverkan/storage/migrations.hpp"

namespace samverkan::storage {

class Migrator {
 public:
  /// `migrations` must be in ascending version order; defaults to the embedded set.
  explicit Migrator(Database& db, const std::vector<Migration>& migrations = embedded_migrations());

  /// The highest applied version, 0 for an empty database.
  int current_version();
  /// The highest version this binary knows.
  int latest_version() const noexcept;

  /// Applies what is missing and returns the versions applied (empty when up to date).
  /// Throws samverkan::Conflict when the database is newer than the binary or a recorded
  /// migration's checksum differs; samverkan::Unavailable / InternalError on SQL failure
  /// (the failing migration is rolled back and named in the message).
  std::vector<int> migrate();

 private:
  void throw_if_newer(int database_version) const;

  Database& db_;
  const std::vector<Migration>& migrations_;
};

/// SHA-256 hex of a migration's text, as stored in schema_migrations.checksum.
std::string migration_checksum(const Migration& migration);

/// The comment that opens a dialect section in a migration (see migrations.hpp).
inline constexpr std::string_view kDialectMarker = "samverkan:dialect";

/// Splits a migration into the statements to run on `backend`: a statement ends with ';' at
/// the end of a line; statements in another dialect's section are left out. Throws
/// samverkan::InternalError for an unknown section name or a section opened mid-statement.
std::vector<std::string> split_statements(std::string_view sql, Backend backend);

/// Every statement of a migration, whatever its section (for tools and tests that inspect
/// the text; the Migrator uses the overload with the backend).
std::vector<std::string> split_statements(std::string_view sql);

}  // namespace samverkan::storage
