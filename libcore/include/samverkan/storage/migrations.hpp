#pragma once
/// Versioned schema migrations, compiled into the library from libcore/migrations/NNNN_name.sql
/// (and each service's services/<service>/migrations/NNNN_name.sql).
///
/// Portable SQL with Dialect placeholders is the rule. A statement that only one database
/// understands (a GIN index, an extension, a PostgreSQL-only function) goes into a dialect
/// section of the same file, opened by a comment line naming the dialect and closed by the
/// next such line or the end of the file:
///
///   CREATE TABLE t (...);                       -- runs on both
///   -- samverkan:dialect postgresql
///   CREATE INDEX t_fts ON t USING GIN (...);    -- PostgreSQL only
///   -- samverkan:dialect sqlite
///   CREATE INDEX t_words ON t (...);            -- SQLite only
///   -- samverkan:dialect all
///   ...                                         -- both again
///
/// The migration keeps one version and one checksum (of the whole text) on both databases, so
/// schema_migrations reads the same everywhere and an edited section is still refused. A
/// section must start between statements; an unknown dialect name fails the migration.

#include <string>
#include <vector>

namespace samverkan::storage {

struct Migration {
  int version;       ///< NNNN from the file name
  const char* name;  ///< name from the file name
  const char* sql;   ///< statements separated by ';' lines, with dialect placeholders
};

/// Every migration shipped with this binary, in ascending version order.
const std::vector<Migration>& embedded_migrations();

}  // namespace samverkan::storage
