#include "samverkan/storage/database_error.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <string>

namespace samverkan::storage {

ErrorKind database_error_kind(const soci::soci_error& error) noexcept {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    const std::string state = pg->sqlstate();
    if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03") {
      return ErrorKind::kUnavailable;
    }
    if (state == "55P03" || state == "40P01" || state == "40001") return ErrorKind::kUnavailable;
    if (state.starts_with("23")) return ErrorKind::kConflict;
  }
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    const int code = lite->result() & 0xff;  // the primary code of an extended one
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return ErrorKind::kUnavailable;
    if (code == SQLITE_CONSTRAINT) return ErrorKind::kConflict;
  }
  switch (error.get_error_category()) {
    case soci::soci_error::connection_error:
      return ErrorKind::kUnavailable;
    case soci::soci_error::constraint_violation:
      return ErrorKind::kConflict;
    default:
      return ErrorKind::kInternal;
  }
}

void throw_database_error(const soci::soci_error& error, std::string_view message) {
  const std::string lead(message);
  switch (database_error_kind(error)) {
    case ErrorKind::kUnavailable:
      throw Unavailable(lead + ": the database is unreachable or busy; try again later");
    case ErrorKind::kConflict:
      throw Conflict(lead + ": it conflicts with a change made at the same time");
    default: {
      const std::string text = error.what();
      throw InternalError(lead + ": " + text.substr(0, text.find('\n')));
    }
  }
}

void database_failure(std::string_view activity, const soci::soci_error& error) {
  throw_database_error(error, "database error while " + std::string(activity));
}

}  // namespace samverkan::storage
