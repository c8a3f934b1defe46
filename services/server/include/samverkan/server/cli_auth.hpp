#pragma once
/// The operator's commands for API clients and staff users:
///   samverkan client create --db URL --key-file F --municipality 0199 --scopes errands:read,cases:read
///   samverkan client revoke --db URL --key-file F ID
///   samverkan client list --db URL --key-file F --municipality 0199
///   samverkan staff create --db URL --key-file F --username U [--hsa-id SE2120000142-abc1]
///                          [--name "Anna Andersson"] --municipality 0199 --roles registrar,case-handler
///   samverkan staff grant --db URL --key-file F --username U --municipality 0199 --roles reader
///
/// `db_url` is as for `samverkan migrate --db`; `key_file` is the field-encryption keyring the
/// server uses (SAMVERKAN_KEYS overrides it, as for the server): it encrypts TOTP secrets and
/// pseudonymises the audit trail. The commands migrate the database first (idempotent), act
/// as the console operator ("staff:console", a platform administrator: whoever holds the
/// database credentials has that power anyway), and write the audit trail like any change.
///
/// Secrets (a client secret, an initial password, a TOTP URI) are printed once to `out`, with
/// a warning on `err` that they cannot be shown again.
/// Exit codes as run_cli: 0 success, 1 failed (reason on `err`), 2 bad usage.

#include <filesystem>
#include <ostream>
#include <string>

namespace samverkan::server {

/// `client create`: `scopes` is comma- or space-separated. Prints the client id and secret.
int run_client_create(const std::string& db_url, const std::filesystem::path& key_file, const std::string& municipality,
                      const std::string& scopes, std::ostream& out, std::ostream& err);

/// `client revoke ID`.
int run_client_revoke(const std::string& db_url, const std::filesystem::path& key_file, const std::string& client_id,
                      std::ostream& out, std::ostream& err);

/// `client list`: the municipality's clients, active and revoked, one tab-separated line each
/// (id, status, created, revoked, scopes); never a secret (only hashes are stored).
int run_client_list(const std::string& db_url, const std::filesystem::path& key_file, const std::string& municipality,
                    std::ostream& out, std::ostream& err);

/// `staff create`: `hsa_id` and `display_name` may be empty; `roles` is comma-separated.
/// Prints the initial password and the otpauth:// URI for the authenticator app.
int run_staff_create(const std::string& db_url, const std::filesystem::path& key_file, const std::string& username,
                     const std::string& hsa_id, const std::string& display_name, const std::string& municipality,
                     const std::string& roles, std::ostream& out, std::ostream& err);

/// `staff grant`: adds roles (comma-separated) in one municipality.
int run_staff_grant(const std::string& db_url, const std::filesystem::path& key_file, const std::string& username,
                    const std::string& municipality, const std::string& roles, std::ostream& out, std::ostream& err);

}  // namespace samverkan::server
