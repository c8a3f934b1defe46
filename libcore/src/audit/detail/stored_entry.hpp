#pragma once
// How audit_entry rows are read back exactly as they were hashed (audit_log.cpp's verification,
// audit_search.cpp's pages). Internal to libcore.
#include <soci/soci.h>

#include <string>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/storage/dialect.hpp"
#include "samverkan/storage/row.hpp"

namespace samverkan::audit::store {

// The time column as the ISO text that was hashed: SQLite stores that text; PostgreSQL stores
// a TIMESTAMPTZ, formatted back with milliseconds (written with milliseconds, so exact).
inline std::string time_column(const storage::Dialect& dialect) {
  return dialect.backend() == storage::Backend::kPostgresql
             ? "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
             : "at";
}

inline std::string entry_columns(const storage::Dialect& dialect) {
  return "municipality, sequence, " + time_column(dialect) +
         ", principal, action, object_type, object_id, outcome, detail, prev_hash, hash";
}

inline AuditEntry read_entry(const soci::row& row) {
  AuditEntry e;
  e.municipality = row.get<std::string>(0);
  e.sequence = storage::row_int(row, 1);
  e.at = row.get<std::string>(2);
  e.principal = row.get<std::string>(3);
  e.action = row.get<std::string>(4);
  e.object_type = row.get<std::string>(5);
  e.object_id = row.get<std::string>(6);
  e.outcome = row.get<std::string>(7);
  e.detail = row.get<std::string>(8);
  e.prev_hash = row.get<std::string>(9);
  e.hash = row.get<std::string>(10);
  return e;
}

}  // namespace samverkan::audit::store
