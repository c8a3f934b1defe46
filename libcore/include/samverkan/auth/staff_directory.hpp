#pragma once
/// Staff users: municipal employees who log in to the hosted pages, with a password and a
/// one-time code (TOTP, RFC 6238), or with a SITHS card (a TLS client certificate whose
/// subject serialNumber is the person's HSA-id). Roles are held per municipality.
///
/// Password logins are guarded against guessing: after `max_failures` failures in a row the
/// account is locked for 1 minute, then 2, 4, 8 ... minutes (capped at `max_lock`) for each
/// further lock without a success in between. Failures and locks are audited in every
/// municipality the user has roles in. The answer to a failed login is the same for an unknown
/// user, a wrong password, a wrong or reused code and a locked account, and takes about as long
/// (one Argon2id verify in each case), so it tells an attacker nothing about which user names
/// exist.
///
/// The staff tables are cooperation-wide (a person may work for several municipalities), so
/// they are read without a TenantSession; writes to staff_role go through the caller's
/// tenancy::Context like any other tenant data.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/auth/certificate_revocation.hpp"
#include "samverkan/auth/password_hash.hpp"
#include "samverkan/auth/totp.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/http/message.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/security/principal.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::audit {
class AuditLog;
}
namespace samverkan::crypto {
class Keyring;
}

namespace samverkan::auth {

struct LoginPolicy {
  int max_failures = 5;                 ///< failures in a row that lock the account
  std::chrono::seconds first_lock{60};  ///< the first lock; each further lock doubles
  std::chrono::seconds max_lock{3600};  ///< the longest lock
  TotpParameters totp{};
  std::string totp_issuer = "Samverkan";  ///< shown by authenticator apps
  Argon2Parameters argon2{};
  std::size_t min_password_length = 12;  ///< for change_password
};

struct StaffUser {
  std::int64_t id = 0;
  std::string username;
  std::optional<std::string> hsa_id;
  std::string display_name;
  bool platform_administrator = false;
  bool must_change_password = false;
  /// The TOTP secret has been confirmed with a code (enrolled); until then the staff web
  /// takes the password alone and leads the user through enrolment.
  bool totp_enrolled = false;
  std::map<ids::Kommunkod, std::set<security::Role>> roles;

  /// The id the principal and the audit trail use: the HSA-id when there is one, else the
  /// user name ("staff:" is added by security::Principal).
  const std::string& principal_user_id() const noexcept { return hsa_id ? *hsa_id : username; }
  security::Principal principal() const;
};

/// A staff user as the administrator of one municipality sees them (StaffDirectory::members).
struct StaffMember {
  std::int64_t id = 0;
  std::string username;
  std::optional<std::string> hsa_id;
  std::string display_name;
  std::set<security::Role> roles;  ///< held in the municipality (kept while disabled)
  bool disabled = false;           ///< disabled there: those roles count for nothing
};

struct NewStaffUserRequest {
  std::string username;                 ///< [a-z0-9][a-z0-9._@-]{0,63}, stored lower-case
  std::optional<std::string> hsa_id;    ///< checked with ids::HsaId
  std::string display_name;             ///< empty: the user name
  std::set<security::Role> roles;       ///< in the context's municipality
  bool platform_administrator = false;  ///< only a platform administrator may grant this
};

struct NewStaffUser {
  StaffUser user;
  std::string initial_password;  ///< shown once; must be changed at first login
  std::string totp_uri;          ///< otpauth:// URI for the user's authenticator app, shown once
};

/// A TOTP secret being enrolled: shown once to the user, as a QR code of `uri` and as text.
struct TotpEnrolment {
  std::string secret;  ///< base32, for typing into the app by hand
  std::string uri;     ///< otpauth://totp/... for the QR code
};

class StaffDirectory {
 public:
  /// `keyring` encrypts TOTP secrets; `audit` may be null in tests.
  StaffDirectory(storage::Database& db, const Clock& clock, const crypto::Keyring& keyring, audit::AuditLog* audit,
                 LoginPolicy policy);
  StaffDirectory(storage::Database& db, const Clock& clock, const crypto::Keyring& keyring, audit::AuditLog* audit)
      : StaffDirectory(db, clock, keyring, audit, LoginPolicy{}) {}

  /// Creates a user with roles in ctx.municipality(), a random initial password and a TOTP
  /// secret, in ctx's transaction (the caller commits). Requires Permission::kStaffManage
  /// there; audits "staff.create". Throws samverkan::InvalidInput for a bad user name, HSA-id
  /// or role set, samverkan::Conflict when the user name or HSA-id is taken,
  /// samverkan::Forbidden for platform_administrator by a principal who is not one.
  NewStaffUser create(tenancy::Context& ctx, const NewStaffUserRequest& request);

  /// Adds roles in ctx.municipality() (kStaffManage; audits "staff.grant"). Roles already held
  /// are kept. Throws samverkan::NotFound for an unknown user.
  void grant(tenancy::Context& ctx, std::string_view username, const std::set<security::Role>& roles);

  /// Removes roles in ctx.municipality() (kStaffManage; audits "staff.revoke"). Throws
  /// samverkan::Conflict when a staff principal would remove their own administrator role
  /// there (another administrator, or a platform administrator, may), NotFound for an unknown
  /// user.
  void revoke(tenancy::Context& ctx, std::string_view username, const std::set<security::Role>& roles);

  /// The users with a role in ctx.municipality() or disabled there, by user name
  /// (kStaffManage; the page or command that shows them records the view).
  std::vector<StaffMember> members(tenancy::Context& ctx);

  /// One of members(): samverkan::NotFound for a user who holds no role in ctx.municipality()
  /// and is not disabled there (another member's user is not this member's to see).
  StaffMember member(tenancy::Context& ctx, std::int64_t user_id);

  /// Disables a user in ctx.municipality(), or enables them again (kStaffManage; audits
  /// "staff.disable" / "staff.enable"). A disabled user's roles there are kept but count for
  /// nothing, from the next request on; their other members are not touched. Throws
  /// samverkan::NotFound as member(), samverkan::Conflict when a principal would disable
  /// themselves or the user already is in that state.
  void set_disabled(tenancy::Context& ctx, std::int64_t user_id, bool disabled);

  /// Password and one-time code. Returns the user (with the roles held now). Throws
  /// samverkan::Unauthenticated with one and the same message for every failure.
  StaffUser login(std::string_view username, std::string_view password, std::string_view code);

  /// Replaces the password after checking the current one and a code, as login() does (a
  /// failure counts towards the lock). Throws samverkan::InvalidInput for a new password
  /// shorter than LoginPolicy::min_password_length.
  void change_password(std::string_view username, std::string_view current_password, std::string_view code,
                       std::string_view new_password);

  /// The staff web's login: as login(), except that a user who has not enrolled TOTP yet
  /// (StaffUser::totp_enrolled false) logs in with the password alone and an empty `code`
  /// (the caller must then lead the user through set_initial_password() and enrolment before
  /// the session acts for them). A code sent by such a user is checked against the pending
  /// secret and, when right, enrols it. Failures, locks and audit as login().
  StaffUser web_login(std::string_view username, std::string_view password, std::string_view code);

  /// First login: replaces the initial password of a user who must change it (the caller
  /// has just checked the password with web_login()). Audits "staff.password-change". Throws
  /// samverkan::InvalidInput for a password shorter than LoginPolicy::min_password_length or
  /// equal to the current one, samverkan::Conflict when the user need not change it,
  /// samverkan::NotFound for an unknown user.
  void set_initial_password(std::int64_t user_id, std::string_view new_password);

  /// Enrolment: gives a user who has not enrolled TOTP a fresh secret (so that nobody who saw
  /// an earlier one, such as the administrator who created the user, holds it) and returns it.
  /// Audits "staff.totp-renew". Throws samverkan::Conflict when TOTP is already enrolled.
  TotpEnrolment renew_totp_secret(std::int64_t user_id);

  /// The secret being enrolled (to show again); nullopt when TOTP is enrolled.
  std::optional<TotpEnrolment> pending_totp(std::int64_t user_id);

  /// Enrolment: confirms the pending secret with a first code from the app; from then on every
  /// login needs a code. Audits "staff.totp-enrol" (a wrong code as refused). Throws
  /// samverkan::InvalidInput for a wrong or reused code, samverkan::Conflict when already
  /// enrolled.
  void confirm_totp(std::int64_t user_id, std::string_view code);

  /// Audits a login that did not go through a password ("staff.login" with `detail`, e.g. a
  /// SITHS card) in every municipality the user works for.
  void record_login(const StaffUser& user, std::string_view detail);

  /// SITHS: maps the verified client certificate's serialNumber (an HSA-id) to the staff user
  /// holding it. With a revocation checker (use_revocation_checker), the certificate must also
  /// not be revoked, and in hard-fail mode its status must be established; a refusal is
  /// audited ("staff.certificate-login", refused) in every municipality of the user it names.
  /// Throws samverkan::Unauthenticated when the serialNumber is not an HSA-id, no user has it,
  /// or the certificate is refused as above (the message says why).
  security::Principal authenticate_client_certificate(const http::ClientCertificate& certificate);

  /// Checks staff certificates for revocation from now on; null: no checking (the default).
  void use_revocation_checker(std::shared_ptr<RevocationChecker> checker) { revocation_ = std::move(checker); }

  std::optional<StaffUser> find(std::string_view username);
  std::optional<StaffUser> find_by_id(std::int64_t id);
  std::optional<StaffUser> find_by_hsa_id(std::string_view hsa_id);
  /// The user behind a staff principal ("staff:" + HSA-id or user name); nullopt for others.
  std::optional<StaffUser> find_by_principal(const security::Principal& principal);

  const LoginPolicy& policy() const noexcept { return policy_; }

  /// The message of every failed password login.
  static constexpr std::string_view kLoginFailed =
      "wrong user name, password or code, or the account is locked for a while";

 private:
  struct Credentials;
  std::optional<Credentials> credentials(std::string_view username);
  enum class SecondFactor { kRequired, kUntilEnrolled };
  StaffUser check_login(std::string_view username, std::string_view password, std::string_view code,
                        std::string_view action, SecondFactor second_factor = SecondFactor::kRequired);
  std::vector<std::uint8_t> totp_secret_of(const Credentials& credentials) const;
  Credentials credentials_by_id(std::int64_t user_id);
  void record_failure(const Credentials& user, Clock::TimePoint now, std::string_view action, std::string_view reason);
  void audit_everywhere(const StaffUser& user, std::string_view action, std::string_view detail, bool refused);
  std::optional<StaffUser> find_where(const char* column, const std::string& value);

  storage::Database& db_;
  const Clock& clock_;
  const crypto::Keyring& keyring_;
  audit::AuditLog* audit_;
  LoginPolicy policy_;
  std::shared_ptr<RevocationChecker> revocation_;
};

/// Normalises and checks a user name; throws samverkan::InvalidInput.
std::string normalise_username(std::string_view username);

}  // namespace samverkan::auth
