#include "samverkan/auth/api_clients.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <ctime>

#include "auth/detail/common.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/security/permission.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/row.hpp"

namespace samverkan::auth {
namespace {

constexpr std::size_t kIdRandomBytes = 16;          // 128 bits: ids are public but not guessable
constexpr std::size_t kSecretRandomBytes = 32;      // 256 bits
constexpr std::string_view kSecretPrefix = "svs_";  // lets secret scanners recognise a leaked secret

bool is_hex_lower(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

struct Row {
  ApiClient client;
  std::string secret_hash;
};

std::optional<Row> load_row(storage::Database& db, const ids::Kommunkod& municipality, std::string_view client_id) {
  try {
    auto lease = db.acquire();
    tenancy::TenantSession sql(*lease, db.dialect(), municipality);
    const std::string id(client_id);
    std::string scopes, hash, created, revoked;
    soci::indicator revoked_indicator = soci::i_null;
    sql.exec("SELECT scopes, secret_hash, created_at, revoked_at FROM api_client WHERE {{tenant}} AND id = :id",
             soci::use(id, "id"), soci::into(scopes), soci::into(hash), soci::into(created),
             soci::into(revoked, revoked_indicator));
    if (!lease->got_data()) return std::nullopt;
    const auto pieces = detail::split(scopes, " ");
    Row row{ApiClient{id, municipality, {pieces.begin(), pieces.end()}, detail::parse_time(created), std::nullopt},
            std::move(hash)};
    if (revoked_indicator == soci::i_ok) row.client.revoked_at = detail::parse_time(revoked);
    return row;
  } catch (const soci::soci_error& e) {
    storage::database_failure("reading an API client", e);
  }
}

}  // namespace

const std::set<std::string>& known_scopes() {
  static const std::set<std::string> kScopes = [] {
    std::set<std::string> all;
    // The permission table's every row (permission_test checks every enumerator has one).
    for (const auto permission : security::all_permissions()) {
      if (const auto scope = security::scope_for(permission); !scope.empty()) all.emplace(scope);
    }
    return all;
  }();
  return kScopes;
}

std::set<std::string> parse_scopes(std::string_view text) {
  std::set<std::string> scopes;
  for (auto& scope : detail::split(text, ", \t")) {
    if (!known_scopes().contains(scope)) {
      throw InvalidInput("unknown scope '" + scope.substr(0, 64) + "'; known scopes: " + format_scopes(known_scopes()));
    }
    scopes.insert(std::move(scope));
  }
  if (scopes.empty()) throw InvalidInput("give at least one scope; known scopes: " + format_scopes(known_scopes()));
  return scopes;
}

std::string format_scopes(const std::set<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) out += (out.empty() ? "" : " ") + scope;
  return out;
}

ApiClientRegistry::ApiClientRegistry(storage::Database& db, const Clock& clock, audit::AuditLog* audit, Options options)
    : db_(db), clock_(clock), audit_(audit), options_(options) {}

std::optional<ids::Kommunkod> ApiClientRegistry::municipality_of(std::string_view client_id) {
  if (client_id.size() != 5 + 2 * kIdRandomBytes || client_id[4] != '-' || !is_hex_lower(client_id.substr(5))) {
    return std::nullopt;
  }
  try {
    return ids::Kommunkod::parse(client_id.substr(0, 4));
  } catch (const InvalidInput&) {
    return std::nullopt;
  }
}

NewApiClient ApiClientRegistry::create(tenancy::Context& ctx, const std::set<std::string>& scopes) {
  if (scopes.empty()) throw InvalidInput("an API client needs at least one scope");
  for (const auto& scope : scopes) {
    if (!known_scopes().contains(scope)) parse_scopes(scope);  // throws with the list of known scopes
  }
  const std::string id = ctx.municipality().str() + "-" + detail::to_hex(detail::random_bytes(kIdRandomBytes));
  ctx.require(security::Permission::kApiClientManage, {"api-client.create", "api-client", "new"});

  NewApiClient created{ApiClient{id, ctx.municipality(), scopes, ctx.now(), std::nullopt},
                       std::string(kSecretPrefix) + detail::base64url_encode(detail::random_bytes(kSecretRandomBytes))};
  const std::string hash = hash_password(created.secret, options_.argon2);
  const std::string scope_text = format_scopes(scopes);
  const std::string created_at = detail::format_time(created.client.created_at);
  try {
    int members = 0;
    ctx.sql().exec("SELECT COUNT(*) FROM municipality WHERE code = :tenant", soci::into(members));
    if (members == 0) {
      throw InvalidInput("municipality " + ctx.municipality().str() + " is not a member of the cooperation");
    }
    ctx.sql().exec(
        "INSERT INTO api_client (id, municipality, secret_hash, scopes, created_at) "
        "VALUES (:id, :tenant, :hash, :scopes, :created)",
        soci::use(id, "id"), soci::use(hash, "hash"), soci::use(scope_text, "scopes"),
        soci::use(created_at, "created"));
  } catch (const soci::soci_error& e) {
    storage::database_failure("creating an API client", e);
  }
  ctx.audit({"api-client.create", "api-client", id, "scopes: " + scope_text});
  return created;
}

void ApiClientRegistry::revoke(tenancy::Context& ctx, std::string_view client_id) {
  const std::string id(client_id);
  ctx.require(security::Permission::kApiClientManage, {"api-client.revoke", "api-client", id.substr(0, 64)});
  const auto not_found = [&] {
    return NotFound("no API client " + id.substr(0, 64) + " in municipality " + ctx.municipality().str());
  };
  if (municipality_of(id) != ctx.municipality()) throw not_found();
  try {
    int found = 0;
    int revoked = 0;
    ctx.sql().exec("SELECT COUNT(*), COUNT(revoked_at) FROM api_client WHERE {{tenant}} AND id = :id",
                   soci::use(id, "id"), soci::into(found), soci::into(revoked));
    if (found == 0) throw not_found();
    if (revoked != 0) throw Conflict("API client " + id + " is already revoked");
    const std::string now = detail::format_time(ctx.now());
    ctx.sql().exec("UPDATE api_client SET revoked_at = :now WHERE {{tenant}} AND id = :id", soci::use(now, "now"),
                   soci::use(id, "id"));
  } catch (const soci::soci_error& e) {
    storage::database_failure("revoking an API client", e);
  }
  ctx.audit({"api-client.revoke", "api-client", id});
  std::lock_guard lock(cache_mutex_);
  active_until_.erase(id);
}

std::optional<ApiClient> ApiClientRegistry::load(std::string_view client_id) {
  const auto municipality = municipality_of(client_id);
  if (!municipality) return std::nullopt;
  auto row = load_row(db_, *municipality, client_id);
  if (!row) return std::nullopt;
  return std::move(row->client);
}

std::optional<ApiClient> ApiClientRegistry::find(std::string_view client_id) { return load(client_id); }

std::vector<ApiClient> ApiClientRegistry::list(const ids::Kommunkod& municipality) {
  std::vector<ApiClient> clients;
  try {
    auto lease = db_.acquire();
    tenancy::TenantSession sql(*lease, db_.dialect(), municipality);
    soci::rowset<soci::row> rows =
        sql.rows("SELECT id, scopes, created_at, revoked_at FROM api_client WHERE {{tenant}} ORDER BY created_at, id");
    for (const auto& r : rows) {
      const auto pieces = detail::split(r.get<std::string>(1), " ");
      ApiClient client{
          r.get<std::string>(0), municipality, {pieces.begin(), pieces.end()}, storage::row_time(r, 2), std::nullopt};
      if (r.get_indicator(3) == soci::i_ok) client.revoked_at = storage::row_time(r, 3);
      clients.push_back(std::move(client));
    }
  } catch (const soci::soci_error& e) {
    storage::database_failure("listing API clients", e);
  }
  return clients;
}

std::optional<ApiClient> ApiClientRegistry::authenticate(std::string_view client_id, std::string_view secret) {
  const auto municipality = municipality_of(client_id);
  std::optional<Row> row;
  if (municipality) row = load_row(db_, *municipality, client_id);
  // Verify against a decoy when there is no such client, so the answer takes as long.
  const bool secret_ok = verify_password(row ? row->secret_hash : decoy_password_hash(options_.argon2), secret);
  if (!row) return std::nullopt;
  if (!secret_ok || !row->client.active()) {
    if (audit_ != nullptr) {
      audit_->append_separately(
          db_, row->client.municipality, security::Principal::api_client(row->client.id, row->client.municipality, {}),
          clock_.now(),
          {"api-client.authenticate", "api-client", row->client.id, secret_ok ? "client is revoked" : "wrong secret"},
          audit::Outcome::kRefused);
    }
    return std::nullopt;
  }
  return std::move(row->client);
}

bool ApiClientRegistry::is_active(std::string_view client_id) {
  const auto now = clock_.now();
  {
    std::lock_guard lock(cache_mutex_);
    if (const auto found = active_until_.find(client_id); found != active_until_.end()) {
      if (now < found->second) return true;
      active_until_.erase(found);
    }
  }
  const auto client = load(client_id);
  if (!client || !client->active()) return false;
  std::lock_guard lock(cache_mutex_);
  if (active_until_.size() > 10000) active_until_.clear();  // bound the memory; it only costs lookups
  active_until_[std::string(client_id)] = now + options_.active_cache;
  return true;
}

}  // namespace samverkan::auth
