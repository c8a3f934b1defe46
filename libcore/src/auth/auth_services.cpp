#include "samverkan/auth/auth_services.hpp"

namespace samverkan::auth {

AuthServices::AuthServices(storage::Database& db, const Clock& clock, const crypto::Keyring& keyring,
                           audit::AuditLog* audit, AuthOptions options)
    : options_(std::move(options)) {
  keys_ = SigningKeySet::open(options_.key_folder, clock);
  tokens_ = std::make_unique<AccessTokenService>(*keys_, clock, options_.tokens);
  clients_ = std::make_unique<ApiClientRegistry>(db, clock, audit, options_.clients);
  staff_ = std::make_unique<StaffDirectory>(db, clock, keyring, audit, options_.login);
  staff_->use_revocation_checker(options_.staff_revocation);
  sessions_ = std::make_unique<SessionStore>(db, clock, keyring, *staff_, options_.sessions);
  grant_ = std::make_unique<ClientCredentialsGrant>(*clients_, *tokens_, clock, db, audit);
  authenticator_ = std::make_unique<Authenticator>(*tokens_, *clients_, *staff_, sessions_.get());
  maintain_keys();
}

AuthServices::~AuthServices() = default;

void AuthServices::maintain_keys() {
  keys_->rotate_if_older_than(options_.signing_key_max_age);
  keys_->prune(options_.tokens.lifetime + options_.tokens.leeway + std::chrono::minutes(2));
}

}  // namespace samverkan::auth
