#include "samverkan/server/cli_auth.hpp"

#include <optional>
#include <set>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/auth/api_clients.hpp"
#include "samverkan/auth/staff_directory.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/server/migrations.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/storage/time.hpp"
#include "samverkan/tenancy/context.hpp"

#include "detail/cli_support.hpp"

namespace samverkan::server {
namespace {

using cli::guarded;
using cli::kFailed;
using cli::kOk;
using cli::kUsage;
using cli::parse_code;

std::optional<std::set<security::Role>> parse_roles(const char* command, const std::string& text, std::ostream& err) {
  std::set<security::Role> roles;
  try {
    std::size_t pos = 0;
    while (pos <= text.size()) {
      const auto end = std::min(text.find(',', pos), text.size());
      const auto name = text.substr(pos, end - pos);
      if (!name.empty()) roles.insert(security::parse_role(name));
      pos = end + 1;
    }
  } catch (const InvalidInput& e) {
    err << "samverkan " << command << ": --roles: " << e.what() << '\n';
    return std::nullopt;
  }
  if (roles.empty()) {
    err << "samverkan " << command << ": --roles: give at least one role\n";
    return std::nullopt;
  }
  return roles;
}

// The database (migrated), the keyring and the audit log a command works with.
struct Environment {
  std::unique_ptr<storage::Database> db;
  crypto::Keyring keyring;
  std::unique_ptr<audit::AuditLog> audit;

  Environment(const std::string& db_url, const std::filesystem::path& key_file)
      : db(open_database(db_url, {}, {}, 2)), keyring(crypto::Keyring::load(key_file, false)) {
    storage::Migrator(*db, platform_migrations()).migrate();
    audit = std::make_unique<audit::AuditLog>(keyring);
  }
};

// The person at the console: whoever can reach the database with its credentials already has
// a platform administrator's power, and the trail says the change came from the console.
security::Principal console_operator() { return security::Principal::staff("console", {}, true); }

}  // namespace

int run_client_create(const std::string& db_url, const std::filesystem::path& key_file, const std::string& municipality,
                      const std::string& scopes, std::ostream& out, std::ostream& err) {
  constexpr const char* kCommand = "client create";
  const auto code = parse_code(kCommand, municipality, err);
  if (!code) return kUsage;
  std::set<std::string> scope_set;
  try {
    scope_set = auth::parse_scopes(scopes);
  } catch (const InvalidInput& e) {
    err << "samverkan " << kCommand << ": --scopes: " << e.what() << '\n';
    return kUsage;
  }
  return guarded(kCommand, err, [&] {
    Environment env(db_url, key_file);
    auth::ApiClientRegistry clients(*env.db, SystemClock::instance(), env.audit.get());
    tenancy::Context ctx(*env.db, console_operator(), *code, SystemClock::instance(), env.audit.get());
    const auto created = clients.create(ctx, scope_set);
    ctx.commit();
    out << "client id:     " << created.client.id << '\n'
        << "client secret: " << created.secret << '\n'
        << "municipality:  " << created.client.municipality.str() << '\n'
        << "scopes:        " << auth::format_scopes(created.client.scopes) << '\n';
    err << "warning: the client secret is shown only this once and cannot be shown again; store it in the "
           "client's secret store now (if it is lost, revoke the client and create a new one)\n";
    return kOk;
  });
}

int run_client_revoke(const std::string& db_url, const std::filesystem::path& key_file, const std::string& client_id,
                      std::ostream& out, std::ostream& err) {
  constexpr const char* kCommand = "client revoke";
  const auto code = auth::ApiClientRegistry::municipality_of(client_id);
  if (!code) {
    err << "samverkan " << kCommand << ": '" << client_id.substr(0, 64)
        << "' is not a client id (they look like 0199-0123456789abcdef0123456789abcdef)\n";
    return kUsage;
  }
  return guarded(kCommand, err, [&] {
    Environment env(db_url, key_file);
    auth::ApiClientRegistry clients(*env.db, SystemClock::instance(), env.audit.get());
    tenancy::Context ctx(*env.db, console_operator(), *code, SystemClock::instance(), env.audit.get());
    clients.revoke(ctx, client_id);
    ctx.commit();
    out << "revoked " << client_id << "; its access tokens stop working within "
        << auth::ApiClientRegistry::Options{}.active_cache.count() << " s\n";
    return kOk;
  });
}

int run_client_list(const std::string& db_url, const std::filesystem::path& key_file, const std::string& municipality,
                    std::ostream& out, std::ostream& err) {
  constexpr const char* kCommand = "client list";
  const auto code = parse_code(kCommand, municipality, err);
  if (!code) return kUsage;
  return guarded(kCommand, err, [&] {
    Environment env(db_url, key_file);
    auth::ApiClientRegistry clients(*env.db, SystemClock::instance(), env.audit.get());
    const auto listed = clients.list(*code);
    if (listed.empty()) {
      out << "municipality " << code->str() << " has no API clients\n";
      return kOk;
    }
    // One line per client, tab-separated so that scripts can cut it: id, status, created,
    // revoked (or -), scopes.
    out << "id\tstatus\tcreated\trevoked\tscopes\n";
    for (const auto& client : listed) {
      out << client.id << '\t' << (client.active() ? "active" : "revoked") << '\t'
          << storage::format_time(client.created_at) << '\t'
          << (client.revoked_at ? storage::format_time(*client.revoked_at) : std::string("-")) << '\t'
          << auth::format_scopes(client.scopes) << '\n';
    }
    return kOk;
  });
}

int run_staff_create(const std::string& db_url, const std::filesystem::path& key_file, const std::string& username,
                     const std::string& hsa_id, const std::string& display_name, const std::string& municipality,
                     const std::string& roles, std::ostream& out, std::ostream& err) {
  constexpr const char* kCommand = "staff create";
  const auto code = parse_code(kCommand, municipality, err);
  if (!code) return kUsage;
  const auto role_set = parse_roles(kCommand, roles, err);
  if (!role_set) return kUsage;
  return guarded(kCommand, err, [&] {
    Environment env(db_url, key_file);
    auth::StaffDirectory staff(*env.db, SystemClock::instance(), env.keyring, env.audit.get());
    tenancy::Context ctx(*env.db, console_operator(), *code, SystemClock::instance(), env.audit.get());
    auth::NewStaffUserRequest request;
    request.username = username;
    if (!hsa_id.empty()) request.hsa_id = hsa_id;
    request.display_name = display_name;
    request.roles = *role_set;
    const auto created = staff.create(ctx, request);
    ctx.commit();
    std::string role_names;
    for (const auto role : *role_set)
      role_names += (role_names.empty() ? "" : ", ") + std::string(security::to_string(role));
    out << "user:             " << created.user.username << '\n';
    if (created.user.hsa_id) out << "HSA-id:           " << *created.user.hsa_id << '\n';
    out << "roles in " << code->str() << ":    " << role_names << '\n'
        << "initial password: " << created.initial_password << '\n'
        << "TOTP URI:         " << created.totp_uri << '\n';
    err << "warning: the initial password and the TOTP URI are shown only this once and cannot be shown "
           "again; hand them to the user over a safe channel. The password must be changed at first login. "
           "On the staff web (/staff/) the user logs in with the initial password alone and enrols an "
           "authenticator app there (with a fresh secret); the TOTP URI is for logins through the API.\n";
    return kOk;
  });
}

int run_staff_grant(const std::string& db_url, const std::filesystem::path& key_file, const std::string& username,
                    const std::string& municipality, const std::string& roles, std::ostream& out, std::ostream& err) {
  constexpr const char* kCommand = "staff grant";
  const auto code = parse_code(kCommand, municipality, err);
  if (!code) return kUsage;
  const auto role_set = parse_roles(kCommand, roles, err);
  if (!role_set) return kUsage;
  return guarded(kCommand, err, [&] {
    Environment env(db_url, key_file);
    auth::StaffDirectory staff(*env.db, SystemClock::instance(), env.keyring, env.audit.get());
    tenancy::Context ctx(*env.db, console_operator(), *code, SystemClock::instance(), env.audit.get());
    staff.grant(ctx, username, *role_set);
    ctx.commit();
    const auto user = staff.find(username);
    out << (user ? user->username : username) << " in " << code->str() << ":";
    if (user) {
      if (const auto found = user->roles.find(*code); found != user->roles.end()) {
        for (const auto role : found->second) out << ' ' << security::to_string(role);
      }
    }
    out << '\n';
    return kOk;
  });
}

}  // namespace samverkan::server
