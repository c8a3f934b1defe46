#include "samverkan/storage/migrator.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <map>

#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"

namespace samverkan::storage {
namespace {

// Arbitrary but fixed key for pg_advisory_xact_lock: "samverkan migrations".
constexpr long long kMigrationLockKey = 0x53414d564b4d4947LL;

std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

// Creates schema_migrations if missing. On PostgreSQL, concurrent CREATE TABLE IF NOT EXISTS
// can still collide in the catalog, so it runs under the migration lock.
void ensure_table(soci::session& session, const Dialect& dialect) {
  soci::transaction transaction(session);
  if (dialect.backend() == Backend::kPostgresql) {
    session << "SELECT pg_advisory_xact_lock(:key)", soci::use(kMigrationLockKey);
  }
  session << dialect.expand(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY,"
      " name TEXT NOT NULL,"
      " checksum TEXT NOT NULL,"
      " applied_at {{timestamp}} NOT NULL DEFAULT ({{now}}))");
  transaction.commit();
}

std::map<int, std::string> applied(soci::session& session) {
  std::map<int, std::string> result;
  soci::rowset<soci::row> rows = (session.prepare << "SELECT version, checksum FROM schema_migrations");
  for (const auto& row : rows) {
    result.emplace(row.get<int>(0), row.get<std::string>(1));
  }
  return result;
}

}  // namespace

std::string migration_checksum(const Migration& migration) { return crypto::sha256_hex(migration.sql); }

namespace {

/// Calls `statement(text, section)` for every statement of `sql`, with the dialect section it
/// stands in ("" outside any section). See migrations.hpp for the syntax.
template <typename F>
void for_each_statement(std::string_view sql, F&& statement) {
  std::string current;
  std::string section;  // "", "postgresql" or "sqlite"
  std::size_t pos = 0;
  while (pos < sql.size()) {
    auto end = sql.find('\n', pos);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view line = sql.substr(pos, end - pos);
    pos = end + 1;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    const auto last = line.find_last_not_of(" \t\r");
    const std::string_view trimmed = line.substr(first, last + 1 - first);
    if (trimmed.starts_with("--")) {
      std::string_view comment = trimmed.substr(2);
      comment.remove_prefix(std::min(comment.find_first_not_of(' '), comment.size()));
      if (!comment.starts_with(kDialectMarker)) continue;
      std::string_view name = comment.substr(kDialectMarker.size());
      name.remove_prefix(std::min(name.find_first_not_of(' '), name.size()));
      if (name != "all" && name != "postgresql" && name != "sqlite") {
        throw InternalError("unknown dialect section '" + std::string(name) + "' (all, postgresql or sqlite)");
      }
      if (current.find_first_not_of(" \t\r\n") != std::string::npos) {
        throw InternalError("a dialect section starts inside a statement (end it with ';' first)");
      }
      current.clear();
      section = name == "all" ? "" : std::string(name);
      continue;
    }
    current.append(line.substr(0, last + 1));
    if (line[last] == ';') {
      current.pop_back();
      statement(std::move(current), section);
      current.clear();
    } else {
      current += '\n';
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) statement(std::move(current), section);
}

}  // namespace

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> statements;
  for_each_statement(sql, [&](std::string text, const std::string&) { statements.push_back(std::move(text)); });
  return statements;
}

std::vector<std::string> split_statements(std::string_view sql, Backend backend) {
  const std::string_view wanted = backend == Backend::kPostgresql ? "postgresql" : "sqlite";
  std::vector<std::string> statements;
  for_each_statement(sql, [&](std::string text, const std::string& section) {
    if (section.empty() || section == wanted) statements.push_back(std::move(text));
  });
  return statements;
}

Migrator::Migrator(Database& db, const std::vector<Migration>& migrations) : db_(db), migrations_(migrations) {}

int Migrator::latest_version() const noexcept { return migrations_.empty() ? 0 : migrations_.back().version; }

int Migrator::current_version() {
  auto session = db_.acquire();
  try {
    ensure_table(*session, db_.dialect());
    int version = 0;
    soci::indicator ind = soci::i_null;
    *session << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
  } catch (const soci::soci_error& e) {
    throw Unavailable("cannot read the schema version: " + first_line(e.what()));
  }
}

void Migrator::throw_if_newer(int database_version) const {
  if (database_version > latest_version()) {
    throw Conflict("the database schema is at version " + std::to_string(database_version) +
                   ", newer than this binary's " + std::to_string(latest_version()) +
                   "; upgrade samverkan before using this database");
  }
}

std::vector<int> Migrator::migrate() {
  auto session = db_.acquire();
  const Dialect& dialect = db_.dialect();
  std::vector<int> done;
  try {
    ensure_table(*session, dialect);
  } catch (const soci::soci_error& e) {
    throw Unavailable("cannot create schema_migrations: " + first_line(e.what()));
  }
  if (migrations_.empty()) {
    // Nothing to apply, but a database newer than the binary must still be refused.
    const auto recorded = applied(*session);
    if (!recorded.empty()) throw_if_newer(recorded.rbegin()->first);
    return done;
  }

  for (const auto& migration : migrations_) {
    soci::transaction transaction(*session);
    std::map<int, std::string> recorded;
    try {
      if (dialect.backend() == Backend::kPostgresql) {
        *session << "SELECT pg_advisory_xact_lock(:key)", soci::use(kMigrationLockKey);
      } else {
        // Take SQLite's write lock now, so the check and the apply see the same state.
        *session << "UPDATE schema_migrations SET version = version WHERE 0 = 1";
      }
      recorded = applied(*session);
    } catch (const soci::soci_error& e) {
      throw Unavailable("cannot read schema_migrations: " + first_line(e.what()));
    }
    if (!recorded.empty()) throw_if_newer(recorded.rbegin()->first);
    const auto found = recorded.find(migration.version);
    if (found != recorded.end()) {
      if (found->second != migration_checksum(migration)) {
        throw Conflict("migration " + std::to_string(migration.version) + " (" + migration.name +
                       ") was changed after it was applied to this database");
      }
      continue;  // already applied; the transaction rolls back harmlessly
    }
    std::vector<std::string> statements;
    try {
      statements = split_statements(migration.sql, dialect.backend());
    } catch (const InternalError& e) {
      throw InternalError("migration " + std::to_string(migration.version) + " (" + migration.name +
                          ") is malformed: " + e.what());
    }
    try {
      for (const auto& statement : statements) {
        *session << dialect.expand(statement);
      }
      const std::string name = migration.name;
      const std::string checksum = migration_checksum(migration);
      *session << "INSERT INTO schema_migrations (version, name, checksum) VALUES (:v, :n, :c)",
          soci::use(migration.version), soci::use(name), soci::use(checksum);
      transaction.commit();
    } catch (const soci::soci_error& e) {
      throw InternalError("migration " + std::to_string(migration.version) + " (" + migration.name + ") failed on " +
                          std::string(dialect.name()) + ": " + first_line(e.what()));
    }
    done.push_back(migration.version);
  }
  return done;
}

}  // namespace samverkan::storage
