#pragma once
/// The one place where SQLite and PostgreSQL differ. Migrations and repositories write
/// portable SQL with `{{placeholders}}` that the dialect expands:
///   {{id}}         auto-increment primary key column type
///   {{timestamp}}  a UTC timestamp column (TIMESTAMPTZ / ISO-8601 TEXT)
///   {{blob}}       a binary column (BYTEA / BLOB)
///   {{now}}        the current UTC time as an expression of that type
///   {{bool}}       a boolean column type
///   {{skip_locked}}  FOR UPDATE SKIP LOCKED on PostgreSQL (work queues), nothing on SQLite

#include <string>
#include <string_view>

#include "samverkan/storage/database_url.hpp"

namespace samverkan::storage {

class Dialect {
 public:
  explicit Dialect(Backend backend) noexcept : backend_(backend) {}

  Backend backend() const noexcept { return backend_; }
  std::string_view name() const noexcept;  ///< "sqlite" or "postgresql"

  /// Expands the placeholders above; throws samverkan::InternalError on an unknown one.
  std::string expand(std::string_view sql) const;

 private:
  Backend backend_;
};

}  // namespace samverkan::storage
