#pragma once
/// A SOCI session bound to one municipality. Every statement must name the tenant:
///   {{tenant}}        expands to "municipality = :tenant"
///   {{tenant:alias}}  expands to "alias.municipality = :tenant" (for joins)
///   :tenant           used directly, e.g. in INSERT ... VALUES (:tenant, ...)
/// and :tenant is always bound to the municipality's code. A statement that names no tenant
/// is refused with samverkan::InternalError before it reaches the database, so a query that
/// forgets the tenant cannot run. Use named bindings (soci::use(x, "name")) throughout.

#include <soci/soci.h>

#include <string>
#include <string_view>

#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/storage/dialect.hpp"

namespace samverkan::tenancy {

class TenantSession {
 public:
  TenantSession(soci::session& session, const storage::Dialect& dialect, ids::Kommunkod municipality)
      : session_(session), dialect_(dialect), municipality_(std::move(municipality)) {}

  const ids::Kommunkod& municipality() const noexcept { return municipality_; }

  /// Checks and expands a statement (tenant and dialect placeholders). Throws
  /// samverkan::InternalError when the statement does not name the tenant.
  std::string scoped(std::string_view sql) const;

  /// Runs a statement with the given soci::use / soci::into elements.
  template <typename... Elements>
  void exec(std::string_view sql, Elements&&... elements) {
    const std::string text = scoped(sql);
    ((session_ << text, soci::use(municipality_.str(), "tenant")), ..., std::forward<Elements>(elements));
  }

  /// Runs a query and returns its rows.
  template <typename... Elements>
  soci::rowset<soci::row> rows(std::string_view sql, Elements&&... elements) {
    const std::string text = scoped(sql);
    return ((session_.prepare << text, soci::use(municipality_.str(), "tenant")), ...,
            std::forward<Elements>(elements));
  }

  const storage::Dialect& dialect() const noexcept { return dialect_; }

  /// The underlying session, for the audit log and storage internals only. Repositories
  /// must not use it.
  soci::session& unscoped_session_for_internal_use() noexcept { return session_; }

 private:
  soci::session& session_;
  const storage::Dialect& dialect_;
  ids::Kommunkod municipality_;
};

}  // namespace samverkan::tenancy
