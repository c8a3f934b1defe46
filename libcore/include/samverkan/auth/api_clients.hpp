#pragma once
/// API clients: programs of a member municipality (an integration platform, a case system)
/// that call the API with OAuth 2.0 client credentials (RFC 6749 section 4.4).
///
/// A client belongs to exactly one municipality and holds a set of scopes (the names
/// security::scope_for gives, e.g. "errands:read"). Its id names the municipality,
/// "0199-<32 hex>", so looking a client up is scoped to its municipality like every other
/// tenant query. The secret ("svs_<43 base64url>", 256 random bits) is shown once when the
/// client is created; only its Argon2id hash is stored. Revoking is permanent.
///
///   tenancy::Context ctx(db, operator_principal, ids::Kommunkod::parse("0199"), clock, &audit);
///   const auto created = clients.create(ctx, auth::parse_scopes("errands:read,cases:read"));
///   ctx.commit();
///   show(created.client.id, created.secret);   // the only time the secret exists in clear

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/auth/password_hash.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::audit {
class AuditLog;
}

namespace samverkan::auth {

/// Every scope an API client may hold: the non-empty security::scope_for values, sorted.
const std::set<std::string>& known_scopes();

/// Parses scopes separated by commas and/or spaces ("errands:read,cases:read" or the RFC 6749
/// "errands:read cases:read"). Throws samverkan::InvalidInput naming an unknown scope and
/// listing the known ones, or when the list is empty.
std::set<std::string> parse_scopes(std::string_view text);

/// Scopes as RFC 6749 section 3.3 writes them: space-separated, sorted.
std::string format_scopes(const std::set<std::string>& scopes);

struct ApiClient {
  std::string id;  ///< "0199-<32 hex>"
  ids::Kommunkod municipality;
  std::set<std::string> scopes;
  Clock::TimePoint created_at;
  std::optional<Clock::TimePoint> revoked_at;

  bool active() const noexcept { return !revoked_at.has_value(); }
};

struct NewApiClient {
  ApiClient client;
  std::string secret;  ///< shown once, never stored
};

class ApiClientRegistry {
 public:
  struct Options {
    /// How long a "still active" answer of is_active() is reused without asking the database.
    /// Revoking through this registry takes effect at once in this process; other server
    /// processes see it within this time (and an access token dies with its expiry anyway).
    std::chrono::seconds active_cache{30};
    Argon2Parameters argon2{};
  };

  /// `audit` records failed authentications of existing clients; may be null in tests.
  ApiClientRegistry(storage::Database& db, const Clock& clock, audit::AuditLog* audit, Options options);
  ApiClientRegistry(storage::Database& db, const Clock& clock, audit::AuditLog* audit)
      : ApiClientRegistry(db, clock, audit, Options{}) {}

  /// Creates a client of ctx.municipality() with `scopes` in ctx's transaction (the caller
  /// commits). Requires security::Permission::kApiClientManage there; audits
  /// "api-client.create". Throws samverkan::InvalidInput for no or unknown scopes,
  /// samverkan::Forbidden / NotFound when the principal may not.
  NewApiClient create(tenancy::Context& ctx, const std::set<std::string>& scopes);

  /// Revokes a client of ctx.municipality() (kApiClientManage, audits "api-client.revoke").
  /// Throws samverkan::NotFound when there is no such client in that municipality,
  /// samverkan::Conflict when it is already revoked.
  void revoke(tenancy::Context& ctx, std::string_view client_id);

  /// The client with this id, revoked or not; nullopt for an unknown or malformed id.
  std::optional<ApiClient> find(std::string_view client_id);

  /// The clients of one municipality, oldest first.
  std::vector<ApiClient> list(const ids::Kommunkod& municipality);

  /// Checks a client id and secret. Returns the client when it exists, is not revoked and the
  /// secret matches; nullopt otherwise. Takes the time of one Argon2id verify whether or not
  /// the client exists. A wrong secret or a revoked client is audited in the client's
  /// municipality ("api-client.authenticate", refused).
  std::optional<ApiClient> authenticate(std::string_view client_id, std::string_view secret);

  /// True when the client exists and is not revoked; answers from a cache of at most
  /// Options::active_cache age.
  bool is_active(std::string_view client_id);

  /// The municipality a well-formed client id names; nullopt for a malformed id.
  static std::optional<ids::Kommunkod> municipality_of(std::string_view client_id);

 private:
  std::optional<ApiClient> load(std::string_view client_id);

  storage::Database& db_;
  const Clock& clock_;
  audit::AuditLog* audit_;
  Options options_;
  std::mutex cache_mutex_;
  std::map<std::string, Clock::TimePoint, std::less<>> active_until_;  ///< client id -> cached until
};

}  // namespace samverkan::auth
