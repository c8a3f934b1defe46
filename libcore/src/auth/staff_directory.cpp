#include "samverkan/auth/staff_directory.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <cctype>

#include "auth/detail/common.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/ids/hsa_id.hpp"
#include "samverkan/security/permission.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/row.hpp"

namespace samverkan::auth {
namespace {

constexpr std::size_t kInitialPasswordBytes = 18;  // 144 bits, 24 base64url characters

using storage::database_failure;

std::string roles_text(const std::set<security::Role>& roles) {
  std::string out;
  for (const auto role : roles) {
    if (!out.empty()) out += ',';
    out += security::to_string(role);
  }
  return out;
}

// The user's roles, read across municipalities (their own roles, for their principal); the
// roles in a municipality that disabled the user count for nothing.
std::map<ids::Kommunkod, std::set<security::Role>> load_roles(soci::session& session, std::int64_t user_id) {
  std::map<ids::Kommunkod, std::set<security::Role>> roles;
  const long long id = user_id;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT municipality, role FROM staff_role r WHERE staff_user = :id AND NOT EXISTS "
                          "(SELECT 1 FROM staff_disabled d WHERE d.staff_user = r.staff_user "
                          "AND d.municipality = r.municipality)",
       soci::use(id, "id"));
  for (const auto& row : rows) {
    roles[ids::Kommunkod::parse(row.get<std::string>(0))].insert(security::parse_role(row.get<std::string>(1)));
  }
  return roles;
}

// True when `principal` is `user` (staff principals are "staff:" + HSA-id or user name).
bool is_self(const security::Principal& principal, const StaffUser& user) {
  return principal.kind() == security::PrincipalKind::kStaff && principal.id() == "staff:" + user.principal_user_id();
}

}  // namespace

struct StaffDirectory::Credentials {
  StaffUser user;
  std::optional<std::string> password_hash;
  std::optional<std::string> totp_secret;  // field-encryption token
  std::int64_t totp_last_step = 0;
  std::optional<Clock::TimePoint> locked_until;
};

std::string normalise_username(std::string_view username) {
  std::string name;
  for (char c : username) name += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '@' || c == '-';
  };
  if (name.empty() || name.size() > 64 || !std::all_of(name.begin(), name.end(), allowed) ||
      !std::isalnum(static_cast<unsigned char>(name.front()))) {
    throw InvalidInput("a user name is 1 to 64 of a-z, 0-9 and . _ @ -, starting with a letter or digit");
  }
  return name;
}

security::Principal StaffUser::principal() const {
  return security::Principal::staff(principal_user_id(), roles, platform_administrator);
}

StaffDirectory::StaffDirectory(storage::Database& db, const Clock& clock, const crypto::Keyring& keyring,
                               audit::AuditLog* audit, LoginPolicy policy)
    : db_(db), clock_(clock), keyring_(keyring), audit_(audit), policy_(std::move(policy)) {}

NewStaffUser StaffDirectory::create(tenancy::Context& ctx, const NewStaffUserRequest& request) {
  const std::string username = normalise_username(request.username);
  std::optional<std::string> hsa_id;
  if (request.hsa_id && !request.hsa_id->empty()) hsa_id = ids::HsaId::parse(*request.hsa_id).str();
  if (request.roles.empty() && !request.platform_administrator) throw InvalidInput("give the user at least one role");
  ctx.require(security::Permission::kStaffManage, {"staff.create", "staff-user", username});
  if (request.platform_administrator && !ctx.principal().is_platform_administrator()) {
    throw Forbidden("only a platform administrator may make another");
  }

  NewStaffUser created;
  created.user.username = username;
  created.user.hsa_id = hsa_id;
  created.user.display_name = request.display_name.empty() ? username : request.display_name;
  created.user.platform_administrator = request.platform_administrator;
  created.user.must_change_password = true;
  if (!request.roles.empty()) created.user.roles[ctx.municipality()] = request.roles;
  created.initial_password = detail::base64url_encode(detail::random_bytes(kInitialPasswordBytes));
  const std::string password_hash = hash_password(created.initial_password, policy_.argon2);
  const auto secret = new_totp_secret();
  created.totp_uri = otpauth_uri(policy_.totp_issuer, username, secret, policy_.totp);

  // staff_user is cooperation-wide, so it is written through the context's underlying session
  // (same transaction) rather than the tenant-scoped one; staff_role rows go through ctx.sql().
  auto& session = ctx.sql().unscoped_session_for_internal_use();
  try {
    int taken = 0;
    const std::string hsa_value = hsa_id.value_or("");
    session << "SELECT COUNT(*) FROM staff_user WHERE username = :u OR hsa_id = :h", soci::use(username, "u"),
        soci::use(hsa_value, "h"), soci::into(taken);
    if (taken != 0) throw Conflict("a staff user with that user name or HSA-id exists");

    soci::indicator hsa_indicator = hsa_id ? soci::i_ok : soci::i_null;
    const int admin = request.platform_administrator ? 1 : 0;
    const std::string now = detail::format_time(ctx.now());
    long long id = 0;
    session << "INSERT INTO staff_user (username, hsa_id, display_name, password_hash, must_change_password, "
               "platform_administrator, created_at) VALUES (:u, :h, :d, :p, TRUE, :a, :c) RETURNING id",
        soci::use(username, "u"), soci::use(hsa_value, hsa_indicator, "h"), soci::use(created.user.display_name, "d"),
        soci::use(password_hash, "p"), soci::use(admin, "a"), soci::use(now, "c"), soci::into(id);
    created.user.id = id;
    const std::string sealed =
        crypto::encrypt(keyring_, base32_encode(secret), detail::totp_associated_data(std::to_string(id)));
    session << "UPDATE staff_user SET totp_secret = :s WHERE id = :id", soci::use(sealed, "s"), soci::use(id, "id");
    for (const auto role : request.roles) {
      const std::string name(security::to_string(role));
      ctx.sql().exec(
          "INSERT INTO staff_role (staff_user, municipality, role, granted_at) "
          "VALUES (:id, :tenant, :r, :c)",
          soci::use(id, "id"), soci::use(name, "r"), soci::use(now, "c"));
    }
  } catch (const soci::soci_error& e) {
    database_failure("creating a staff user", e);
  }
  ctx.audit({"staff.create", "staff-user", std::to_string(created.user.id), "roles: " + roles_text(request.roles)});
  return created;
}

void StaffDirectory::grant(tenancy::Context& ctx, std::string_view username, const std::set<security::Role>& roles) {
  const std::string name = normalise_username(username);
  if (roles.empty()) throw InvalidInput("give at least one role");
  ctx.require(security::Permission::kStaffManage, {"staff.grant", "staff-user", name});
  const auto user = find(name);
  if (!user) throw NotFound("no staff user " + name);
  const long long id = user->id;
  const std::string now = detail::format_time(ctx.now());
  try {
    for (const auto role : roles) {
      const std::string role_name(security::to_string(role));
      ctx.sql().exec(
          "INSERT INTO staff_role (staff_user, municipality, role, granted_at) "
          "VALUES (:id, :tenant, :r, :c) ON CONFLICT DO NOTHING",
          soci::use(id, "id"), soci::use(role_name, "r"), soci::use(now, "c"));
    }
  } catch (const soci::soci_error& e) {
    database_failure("granting roles", e);
  }
  ctx.audit({"staff.grant", "staff-user", std::to_string(id), "roles: " + roles_text(roles)});
}

void StaffDirectory::revoke(tenancy::Context& ctx, std::string_view username, const std::set<security::Role>& roles) {
  const std::string name = normalise_username(username);
  ctx.require(security::Permission::kStaffManage, {"staff.revoke", "staff-user", name});
  const auto user = find(name);
  if (!user) throw NotFound("no staff user " + name);
  if (roles.contains(security::Role::kAdministrator) && is_self(ctx.principal(), *user)) {
    throw Conflict("you cannot remove your own administrator role; another administrator can");
  }
  const long long id = user->id;
  try {
    for (const auto role : roles) {
      const std::string role_name(security::to_string(role));
      ctx.sql().exec("DELETE FROM staff_role WHERE {{tenant}} AND staff_user = :id AND role = :r", soci::use(id, "id"),
                     soci::use(role_name, "r"));
    }
  } catch (const soci::soci_error& e) {
    database_failure("revoking roles", e);
  }
  ctx.audit({"staff.revoke", "staff-user", std::to_string(id), "roles: " + roles_text(roles)});
}

std::vector<StaffMember> StaffDirectory::members(tenancy::Context& ctx) {
  ctx.require(security::Permission::kStaffManage, {"staff.list", "municipality", ctx.municipality().str()});
  std::map<std::int64_t, StaffMember> found;
  const auto read = [&found](const soci::row& row) -> StaffMember& {
    const auto id = storage::row_int<std::int64_t>(row, 0);
    auto& member = found[id];
    member.id = id;
    member.username = storage::row_text(row, 1);
    member.display_name = storage::row_text(row, 2);
    member.hsa_id = storage::row_optional_text(row, 3);
    return member;
  };
  try {
    // staff_user has no municipality: the statements name the tenant through the row that
    // ties the user to it (staff_role, staff_disabled).
    for (const auto& row : ctx.sql().rows("SELECT u.id, u.username, u.display_name, u.hsa_id, r.role "
                                          "FROM staff_role r JOIN staff_user u ON u.id = r.staff_user "
                                          "WHERE {{tenant:r}}")) {
      read(row).roles.insert(security::parse_role(storage::row_text(row, 4)));
    }
    for (const auto& row : ctx.sql().rows("SELECT u.id, u.username, u.display_name, u.hsa_id "
                                          "FROM staff_disabled d JOIN staff_user u ON u.id = d.staff_user "
                                          "WHERE {{tenant:d}}")) {
      read(row).disabled = true;
    }
  } catch (const soci::soci_error& e) {
    database_failure("listing staff users", e);
  }
  std::vector<StaffMember> members;
  members.reserve(found.size());
  for (auto& [id, member] : found) members.push_back(std::move(member));
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.username < b.username; });
  return members;
}

StaffMember StaffDirectory::member(tenancy::Context& ctx, std::int64_t user_id) {
  for (auto& member : members(ctx)) {
    if (member.id == user_id) return std::move(member);
  }
  throw NotFound("no such staff user here");
}

void StaffDirectory::set_disabled(tenancy::Context& ctx, std::int64_t user_id, bool disabled) {
  const std::string action = disabled ? "staff.disable" : "staff.enable";
  ctx.require(security::Permission::kStaffManage, {action, "staff-user", std::to_string(user_id)});
  const auto target = member(ctx, user_id);
  if (disabled) {
    const auto user = find_by_id(user_id);
    if (user && is_self(ctx.principal(), *user)) throw Conflict("you cannot disable your own account");
  }
  if (target.disabled == disabled) {
    throw Conflict(disabled ? "the user is disabled here already" : "the user is not disabled here");
  }
  const long long id = user_id;
  try {
    if (disabled) {
      const std::string now = detail::format_time(ctx.now());
      ctx.sql().exec("INSERT INTO staff_disabled (staff_user, municipality, disabled_at) VALUES (:id, :tenant, :t)",
                     soci::use(id, "id"), soci::use(now, "t"));
    } else {
      ctx.sql().exec("DELETE FROM staff_disabled WHERE {{tenant}} AND staff_user = :id", soci::use(id, "id"));
    }
  } catch (const soci::soci_error& e) {
    database_failure(disabled ? "disabling a staff user" : "enabling a staff user", e);
  }
  ctx.audit({action, "staff-user", std::to_string(user_id)});
}

std::optional<StaffUser> StaffDirectory::find_where(const char* column, const std::string& value) {
  try {
    auto lease = db_.acquire();
    StaffUser user;
    long long id = 0;
    std::string hsa;
    soci::indicator hsa_indicator = soci::i_null;
    int admin = 0;
    int must_change = 0;
    int enrolled = 0;
    *lease << "SELECT id, username, hsa_id, display_name, "
              "CASE WHEN platform_administrator THEN 1 ELSE 0 END, "
              "CASE WHEN must_change_password THEN 1 ELSE 0 END, "
              "CASE WHEN totp_confirmed THEN 1 ELSE 0 END FROM staff_user WHERE " +
                  std::string(column) + " = :v",
        soci::use(value, "v"), soci::into(id), soci::into(user.username), soci::into(hsa, hsa_indicator),
        soci::into(user.display_name), soci::into(admin), soci::into(must_change), soci::into(enrolled);
    if (!lease->got_data()) return std::nullopt;
    user.id = id;
    if (hsa_indicator == soci::i_ok) user.hsa_id = hsa;
    user.platform_administrator = admin != 0;
    user.must_change_password = must_change != 0;
    user.totp_enrolled = enrolled != 0;
    user.roles = load_roles(*lease, id);
    return user;
  } catch (const soci::soci_error& e) {
    database_failure("reading a staff user", e);
  }
}

std::optional<StaffUser> StaffDirectory::find(std::string_view username) {
  std::string name;
  try {
    name = normalise_username(username);
  } catch (const InvalidInput&) {
    return std::nullopt;
  }
  return find_where("username", name);
}

std::optional<StaffUser> StaffDirectory::find_by_id(std::int64_t id) {
  std::string username;
  try {
    auto lease = db_.acquire();
    const long long value = id;
    *lease << "SELECT username FROM staff_user WHERE id = :id", soci::use(value, "id"), soci::into(username);
    if (!lease->got_data()) return std::nullopt;
  } catch (const soci::soci_error& e) {
    database_failure("reading a staff user", e);
  }
  return find_where("username", username);
}

std::optional<StaffUser> StaffDirectory::find_by_hsa_id(std::string_view hsa_id) {
  return find_where("hsa_id", std::string(hsa_id));
}

std::optional<StaffUser> StaffDirectory::find_by_principal(const security::Principal& principal) {
  if (principal.kind() != security::PrincipalKind::kStaff) return std::nullopt;
  // "staff:" + the HSA-id, or the user name for users without one.
  const std::string user_id = principal.id().substr(std::string_view("staff:").size());
  auto user = find_by_hsa_id(user_id);
  if (!user) user = find(user_id);
  return user;
}

std::optional<StaffDirectory::Credentials> StaffDirectory::credentials(std::string_view username) {
  std::string name;
  try {
    name = normalise_username(username);
  } catch (const InvalidInput&) {
    return std::nullopt;
  }
  auto user = find_where("username", name);
  if (!user) return std::nullopt;
  Credentials c;
  c.user = std::move(*user);
  try {
    auto lease = db_.acquire();
    std::string password, secret, locked;
    soci::indicator password_indicator = soci::i_null, secret_indicator = soci::i_null, locked_indicator = soci::i_null;
    long long last_step = 0;
    const long long id = c.user.id;
    *lease << "SELECT password_hash, totp_secret, totp_last_step, locked_until FROM staff_user WHERE id = :id",
        soci::use(id, "id"), soci::into(password, password_indicator), soci::into(secret, secret_indicator),
        soci::into(last_step), soci::into(locked, locked_indicator);
    if (!lease->got_data()) return std::nullopt;
    if (password_indicator == soci::i_ok) c.password_hash = password;
    if (secret_indicator == soci::i_ok) c.totp_secret = secret;
    c.totp_last_step = last_step;
    if (locked_indicator == soci::i_ok) c.locked_until = detail::parse_time(locked);
  } catch (const soci::soci_error& e) {
    database_failure("reading staff credentials", e);
  }
  return c;
}

void StaffDirectory::audit_everywhere(const StaffUser& user, std::string_view action, std::string_view detail,
                                      bool refused) {
  if (audit_ == nullptr) return;
  // The trail is per municipality: the event goes to each one the user works for. A user
  // without roles has no trail to write to.
  const auto principal = user.principal();
  for (const auto& [municipality, roles] : user.roles) {
    audit_->append_separately(db_, municipality, principal, clock_.now(),
                              {std::string(action), "staff-user", std::to_string(user.id), std::string(detail)},
                              refused ? audit::Outcome::kRefused : audit::Outcome::kSuccess);
  }
}

void StaffDirectory::record_failure(const Credentials& c, Clock::TimePoint now, std::string_view action,
                                    std::string_view reason) {
  std::optional<std::chrono::seconds> locked_for;
  try {
    auto lease = db_.acquire();
    soci::transaction transaction(*lease);
    const long long id = c.user.id;
    // The increment and the read are one transaction, and the UPDATE locks the row, so
    // concurrent failures are all counted.
    *lease << "UPDATE staff_user SET failed_attempts = failed_attempts + 1 WHERE id = :id", soci::use(id, "id");
    int failures = 0;
    int lockouts = 0;
    *lease << "SELECT failed_attempts, lockouts FROM staff_user WHERE id = :id", soci::use(id, "id"),
        soci::into(failures), soci::into(lockouts);
    if (failures >= policy_.max_failures) {
      auto length = policy_.first_lock;
      for (int i = 0; i < lockouts && length < policy_.max_lock; ++i) length *= 2;
      length = std::min(length, policy_.max_lock);
      const std::string until = detail::format_time(now + length);
      *lease << "UPDATE staff_user SET failed_attempts = 0, lockouts = lockouts + 1, locked_until = :t WHERE id = :id",
          soci::use(until, "t"), soci::use(id, "id");
      locked_for = length;
    }
    transaction.commit();
  } catch (const soci::soci_error& e) {
    database_failure("recording a failed login", e);
  }
  // Audited after the commit, on a connection of its own.
  audit_everywhere(c.user, action, reason, true);
  if (locked_for) {
    audit_everywhere(c.user, "staff.lockout",
                     "locked for " + std::to_string(locked_for->count()) + " s after " +
                         std::to_string(policy_.max_failures) + " failed logins",
                     true);
  }
}

std::vector<std::uint8_t> StaffDirectory::totp_secret_of(const Credentials& c) const {
  if (!c.totp_secret) throw InternalError("staff user " + std::to_string(c.user.id) + " has no TOTP secret");
  auto secret =
      base32_decode(crypto::decrypt(keyring_, *c.totp_secret, detail::totp_associated_data(std::to_string(c.user.id))));
  if (!secret) throw InternalError("a stored TOTP secret is not base32");
  return std::move(*secret);
}

StaffDirectory::Credentials StaffDirectory::credentials_by_id(std::int64_t user_id) {
  const auto user = find_by_id(user_id);
  auto c = user ? credentials(user->username) : std::nullopt;
  if (!c) throw NotFound("no staff user " + std::to_string(user_id));
  return std::move(*c);
}

StaffUser StaffDirectory::check_login(std::string_view username, std::string_view password, std::string_view code,
                                      std::string_view action, SecondFactor second_factor) {
  const auto now = clock_.now();
  const auto c = credentials(username);
  // One Argon2id verify in every case, against a decoy when there is no user or no password.
  const bool password_ok =
      verify_password(c && c->password_hash ? *c->password_hash : decoy_password_hash(policy_.argon2), password);
  if (!c) throw Unauthenticated(std::string(kLoginFailed));
  if (c->locked_until && now < *c->locked_until) {
    // Attempts while locked neither count nor extend the lock (that would let anyone keep a
    // user locked out for ever), but they are audited.
    audit_everywhere(c->user, action, "account is locked", true);
    throw Unauthenticated(std::string(kLoginFailed));
  }
  // A user who has not enrolled the app yet has no second factor to show (web_login only).
  const bool password_only = second_factor == SecondFactor::kUntilEnrolled && !c->user.totp_enrolled && code.empty();
  std::optional<std::int64_t> step;
  if (password_ok && c->totp_secret && !password_only) {
    step = verify_totp(totp_secret_of(*c), code, now, c->totp_last_step, policy_.totp);
  }
  if (!password_ok || (!password_only && !step)) {
    record_failure(*c, now, action, !password_ok ? "wrong password" : "wrong or reused code");
    throw Unauthenticated(std::string(kLoginFailed));
  }
  bool claimed = false;
  try {
    auto lease = db_.acquire();
    const long long id = c->user.id;
    if (password_only) {
      *lease << "UPDATE staff_user SET failed_attempts = 0, lockouts = 0, locked_until = NULL WHERE id = :id",
          soci::use(id, "id");
      claimed = true;
    } else {
      const long long used = *step;
      const long long previous = *step;
      // Compare-and-set on the step: of two concurrent logins with the same code, one wins. A
      // right code also proves the app holds the secret: it is enrolled from now on.
      soci::statement update = (lease->prepare << "UPDATE staff_user SET failed_attempts = 0, lockouts = 0, "
                                                  "locked_until = NULL, totp_last_step = :step, totp_confirmed = TRUE "
                                                  "WHERE id = :id AND totp_last_step < :previous",
                                soci::use(used, "step"), soci::use(id, "id"), soci::use(previous, "previous"));
      update.execute(true);
      claimed = update.get_affected_rows() == 1;
    }
  } catch (const soci::soci_error& e) {
    database_failure("recording a login", e);
  }
  if (!claimed) {
    record_failure(*c, now, action, "wrong or reused code");
    throw Unauthenticated(std::string(kLoginFailed));
  }
  // A hash made with weaker parameters than the policy's (raised since) is renewed now, while
  // the password is at hand; only if it is still the hash we verified.
  if (action == "staff.login" && needs_rehash(*c->password_hash, policy_.argon2)) {
    const std::string renewed = hash_password(password, policy_.argon2);
    try {
      auto lease = db_.acquire();
      const long long id = c->user.id;
      *lease << "UPDATE staff_user SET password_hash = :renewed WHERE id = :id AND password_hash = :old",
          soci::use(renewed, "renewed"), soci::use(id, "id"), soci::use(*c->password_hash, "old");
    } catch (const soci::soci_error& e) {
      database_failure("renewing a password hash", e);
    }
  }
  audit_everywhere(c->user, action, password_only ? "password only: one-time codes not enrolled yet" : "", false);
  StaffUser user = c->user;
  user.totp_enrolled = user.totp_enrolled || !password_only;
  return user;
}

StaffUser StaffDirectory::login(std::string_view username, std::string_view password, std::string_view code) {
  return check_login(username, password, code, "staff.login");
}

void StaffDirectory::change_password(std::string_view username, std::string_view current_password,
                                     std::string_view code, std::string_view new_password) {
  if (new_password.size() < policy_.min_password_length) {
    throw InvalidInput("a password needs at least " + std::to_string(policy_.min_password_length) + " characters");
  }
  const auto user = check_login(username, current_password, code, "staff.password-change");
  const std::string hash = hash_password(new_password, policy_.argon2);
  try {
    auto lease = db_.acquire();
    const long long id = user.id;
    *lease << "UPDATE staff_user SET password_hash = :p, must_change_password = FALSE WHERE id = :id",
        soci::use(hash, "p"), soci::use(id, "id");
  } catch (const soci::soci_error& e) {
    database_failure("changing a password", e);
  }
  audit_everywhere(user, "staff.password-change", "", false);
}

StaffUser StaffDirectory::web_login(std::string_view username, std::string_view password, std::string_view code) {
  return check_login(username, password, code, "staff.login", SecondFactor::kUntilEnrolled);
}

void StaffDirectory::set_initial_password(std::int64_t user_id, std::string_view new_password) {
  if (new_password.size() < policy_.min_password_length) {
    throw InvalidInput("a password needs at least " + std::to_string(policy_.min_password_length) + " characters");
  }
  const auto c = credentials_by_id(user_id);
  if (!c.user.must_change_password) throw Conflict("the initial password has already been changed");
  if (c.password_hash && verify_password(*c.password_hash, new_password)) {
    throw InvalidInput("the new password must differ from the one-time password");
  }
  const std::string hash = hash_password(new_password, policy_.argon2);
  bool changed = false;
  try {
    auto lease = db_.acquire();
    const long long id = user_id;
    // Only while the flag is set: two concurrent changes cannot both pass as the first.
    soci::statement update =
        (lease->prepare << "UPDATE staff_user SET password_hash = :p, must_change_password = FALSE "
                           "WHERE id = :id AND must_change_password = TRUE",
         soci::use(hash, "p"), soci::use(id, "id"));
    update.execute(true);
    changed = update.get_affected_rows() == 1;
  } catch (const soci::soci_error& e) {
    database_failure("changing a password", e);
  }
  if (!changed) throw Conflict("the initial password has already been changed");
  audit_everywhere(c.user, "staff.password-change", "first login", false);
}

TotpEnrolment StaffDirectory::renew_totp_secret(std::int64_t user_id) {
  const auto c = credentials_by_id(user_id);
  if (c.user.totp_enrolled) throw Conflict("the one-time codes are already enrolled");
  const auto secret = new_totp_secret();
  const std::string sealed =
      crypto::encrypt(keyring_, base32_encode(secret), detail::totp_associated_data(std::to_string(user_id)));
  bool renewed = false;
  try {
    auto lease = db_.acquire();
    const long long id = user_id;
    soci::statement update = (lease->prepare << "UPDATE staff_user SET totp_secret = :s "
                                                "WHERE id = :id AND totp_confirmed = FALSE",
                              soci::use(sealed, "s"), soci::use(id, "id"));
    update.execute(true);
    renewed = update.get_affected_rows() == 1;
  } catch (const soci::soci_error& e) {
    database_failure("renewing a TOTP secret", e);
  }
  if (!renewed) throw Conflict("the one-time codes are already enrolled");
  audit_everywhere(c.user, "staff.totp-renew", "", false);
  return {base32_encode(secret), otpauth_uri(policy_.totp_issuer, c.user.username, secret, policy_.totp)};
}

std::optional<TotpEnrolment> StaffDirectory::pending_totp(std::int64_t user_id) {
  const auto c = credentials_by_id(user_id);
  if (c.user.totp_enrolled || !c.totp_secret) return std::nullopt;
  const auto secret = totp_secret_of(c);
  return TotpEnrolment{base32_encode(secret), otpauth_uri(policy_.totp_issuer, c.user.username, secret, policy_.totp)};
}

void StaffDirectory::confirm_totp(std::int64_t user_id, std::string_view code) {
  const auto c = credentials_by_id(user_id);
  if (c.user.totp_enrolled) throw Conflict("the one-time codes are already enrolled");
  const auto step = verify_totp(totp_secret_of(c), code, clock_.now(), c.totp_last_step, policy_.totp);
  bool confirmed = false;
  if (step) {
    try {
      auto lease = db_.acquire();
      const long long id = user_id;
      const long long used = *step;
      const long long previous = *step;
      soci::statement update =
          (lease->prepare << "UPDATE staff_user SET totp_confirmed = TRUE, totp_last_step = :step "
                             "WHERE id = :id AND totp_confirmed = FALSE AND totp_last_step < :previous",
           soci::use(used, "step"), soci::use(id, "id"), soci::use(previous, "previous"));
      update.execute(true);
      confirmed = update.get_affected_rows() == 1;
    } catch (const soci::soci_error& e) {
      database_failure("enrolling one-time codes", e);
    }
  }
  if (!confirmed) {
    audit_everywhere(c.user, "staff.totp-enrol", "wrong or reused code", true);
    throw InvalidInput("the code does not match the one-time codes being enrolled");
  }
  audit_everywhere(c.user, "staff.totp-enrol", "", false);
}

void StaffDirectory::record_login(const StaffUser& user, std::string_view detail) {
  audit_everywhere(user, "staff.login", detail, false);
}

security::Principal StaffDirectory::authenticate_client_certificate(const http::ClientCertificate& certificate) {
  std::string hsa_id;
  try {
    hsa_id = ids::HsaId::parse(certificate.serial_number).str();
  } catch (const InvalidInput& e) {
    throw Unauthenticated(std::string("the client certificate's serialNumber is not an HSA-id: ") + e.what());
  }
  const auto user = find_by_hsa_id(hsa_id);
  if (revocation_) {
    const auto status = revocation_->check(certificate.der);
    if (!status.accepted(revocation_->options().mode)) {
      const std::string reason =
          status.state == RevocationState::kRevoked
              ? "the client certificate has been revoked: " + status.detail
              : "the revocation status of the client certificate cannot be established, and it must be: " +
                    status.detail;
      if (user) audit_everywhere(*user, "staff.certificate-login", reason, true);
      throw Unauthenticated(reason);
    }
  }
  if (!user) throw Unauthenticated("no staff user has the HSA-id " + hsa_id);
  return user->principal();
}

}  // namespace samverkan::auth
