#pragma once
/// Everything authentication needs, built once by the composition root:
///
///   auth::AuthOptions options;
///   options.key_folder = data_dir / "jwt";
///   options.tokens.issuer = platform_url;
///   auth::AuthServices auth(db, SystemClock::instance(), keyring, &audit_log, options);
///   server::add_auth_routes(router, auth);
///   // other services take auth.authenticator() for their handlers
///
/// The members refer to each other and to the database, clock, keyring and audit log given
/// here, which must outlive this object.

#include <chrono>
#include <filesystem>
#include <memory>

#include "samverkan/auth/access_tokens.hpp"
#include "samverkan/auth/api_clients.hpp"
#include "samverkan/auth/authenticator.hpp"
#include "samverkan/auth/certificate_revocation.hpp"
#include "samverkan/auth/client_credentials.hpp"
#include "samverkan/auth/session_store.hpp"
#include "samverkan/auth/signing_keys.hpp"
#include "samverkan/auth/staff_directory.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::audit {
class AuditLog;
}
namespace samverkan::crypto {
class Keyring;
}

namespace samverkan::auth {

struct AuthOptions {
  std::filesystem::path key_folder = "data/jwt";  ///< token signing keys (created on first start)
  TokenOptions tokens{};
  ApiClientRegistry::Options clients{};
  LoginPolicy login{};
  SessionOptions sessions{};
  /// maintain_keys() rotates the signing key when it is older than this.
  std::chrono::seconds signing_key_max_age{std::chrono::hours(24 * 90)};
  /// Revocation checking of staff card certificates (StaffDirectory::use_revocation_checker);
  /// null: none. The composition root starts and owns it.
  std::shared_ptr<RevocationChecker> staff_revocation{};
};

class AuthServices {
 public:
  /// Opens (or creates) the signing keys and runs maintain_keys() once. Throws what
  /// SigningKeySet::open throws.
  AuthServices(storage::Database& db, const Clock& clock, const crypto::Keyring& keyring, audit::AuditLog* audit,
               AuthOptions options);
  ~AuthServices();
  AuthServices(const AuthServices&) = delete;
  AuthServices& operator=(const AuthServices&) = delete;

  SigningKeySet& keys() noexcept { return *keys_; }
  const AccessTokenService& tokens() const noexcept { return *tokens_; }
  ApiClientRegistry& clients() noexcept { return *clients_; }
  StaffDirectory& staff() noexcept { return *staff_; }
  SessionStore& sessions() noexcept { return *sessions_; }
  ClientCredentialsGrant& client_credentials() noexcept { return *grant_; }
  const Authenticator& authenticator() const noexcept { return *authenticator_; }
  const AuthOptions& options() const noexcept { return options_; }

  /// Rotates the signing key when older than signing_key_max_age, and deletes keys superseded
  /// longer ago than the token lifetime plus leeway plus two minutes (other processes pick up
  /// a new key within one). Run at start (the constructor does) and daily (a job), on one node
  /// or all: both are safe to repeat.
  void maintain_keys();

 private:
  AuthOptions options_;
  std::unique_ptr<SigningKeySet> keys_;
  std::unique_ptr<AccessTokenService> tokens_;
  std::unique_ptr<ApiClientRegistry> clients_;
  std::unique_ptr<StaffDirectory> staff_;
  std::unique_ptr<SessionStore> sessions_;
  std::unique_ptr<ClientCredentialsGrant> grant_;
  std::unique_ptr<Authenticator> authenticator_;
};

}  // namespace samverkan::auth
