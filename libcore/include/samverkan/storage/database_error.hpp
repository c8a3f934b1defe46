#pragma once
/// The one mapping of a database error (SOCI, either backend) to the error kinds callers treat
/// differently, at the module boundary:
///  - the connection is lost or refused (PostgreSQL SQLSTATE class 08, an administrator's
///    shutdown 57P01-57P03), a lock wait, deadlock or serialisation failure (55P03, 40P01,
///    40001), a busy or locked SQLite database: samverkan::Unavailable (503; retrying later may
///    work);
///  - a constraint is violated (class 23: unique, foreign key, check, not null; SQLite's
///    SQLITE_CONSTRAINT): samverkan::Conflict (409);
///  - anything else (a broken statement, a schema that does not match): samverkan::InternalError
///    (500).
///
///   try { ... } catch (const soci::soci_error& e) { storage::database_failure("storing a letter", e); }
///
/// Only an InternalError's message carries the database's own text (it is logged, never shown);
/// the others say what failed without naming tables or hosts, since callers see them.

#include <soci/soci-backend.h>

#include <string_view>

#include "samverkan/core/error.hpp"

namespace samverkan::storage {

/// The kind of `error` by the rules above.
ErrorKind database_error_kind(const soci::soci_error& error) noexcept;

/// Throws the exception of database_error_kind(error) with the message "<message>: <reason>".
[[noreturn]] void throw_database_error(const soci::soci_error& error, std::string_view message);

/// throw_database_error(error, "database error while <activity>").
[[noreturn]] void database_failure(std::string_view activity, const soci::soci_error& error);

}  // namespace samverkan::storage
