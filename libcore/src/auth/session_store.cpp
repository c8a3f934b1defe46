#include "samverkan/auth/session_store.hpp"

#include <Poco/String.h>
#include <soci/soci.h>

#include "auth/detail/common.hpp"
#include "samverkan/auth/staff_directory.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/storage/database_error.hpp"

namespace samverkan::auth {
namespace {

constexpr std::size_t kTokenBytes = 32;   // 256 bits
constexpr std::size_t kTokenLength = 43;  // base64url of 32 bytes

std::optional<std::string> session_id_of(std::string_view token) {
  if (token.size() != kTokenLength) return std::nullopt;
  const auto bytes = detail::base64url_decode(token);
  if (!bytes || bytes->size() != kTokenBytes) return std::nullopt;
  return crypto::sha256_hex(detail::as_string(*bytes));
}

std::string csrf_token_for(const std::string& session_id, const std::string& csrf_secret) {
  const auto secret = detail::base64url_decode(csrf_secret);
  if (!secret) throw InternalError("a stored CSRF secret is not base64url");
  return detail::base64url_encode(detail::hmac("SHA256", *secret, detail::as_bytes("samverkan csrf v1|" + session_id)));
}

std::string kind_name(security::PrincipalKind kind) {
  switch (kind) {
    case security::PrincipalKind::kAnonymous:
      return "anonymous";
    case security::PrincipalKind::kCitizen:
      return "citizen";
    case security::PrincipalKind::kStaff:
      return "staff";
    case security::PrincipalKind::kApiClient:
    case security::PrincipalKind::kSystem:
      break;
  }
  throw InvalidInput("API clients and system jobs do not have browser sessions");
}

LoginStage parse_stage(const std::string& text) {
  for (const auto stage : {LoginStage::kComplete, LoginStage::kPasswordChange, LoginStage::kTotpEnrolment}) {
    if (to_string(stage) == text) return stage;
  }
  throw InternalError("a session has the unknown login stage " + text);
}

}  // namespace

std::string_view to_string(LoginStage stage) noexcept {
  switch (stage) {
    case LoginStage::kComplete:
      return "complete";
    case LoginStage::kPasswordChange:
      return "password-change";
    case LoginStage::kTotpEnrolment:
      return "totp-enrolment";
  }
  return "complete";
}

SessionStore::SessionStore(storage::Database& db, const Clock& clock, const crypto::Keyring& keyring,
                           StaffDirectory& staff, SessionOptions options)
    : db_(db), clock_(clock), keyring_(keyring), staff_(staff), options_(options) {}

NewSession SessionStore::create_session(const security::Principal& principal, LoginStage stage) {
  const std::string kind = kind_name(principal.kind());
  if (stage != LoginStage::kComplete && principal.kind() != security::PrincipalKind::kStaff) {
    throw InvalidInput("only a staff login has stages");
  }
  std::optional<long long> staff_user;
  std::string display_name;
  if (principal.kind() == security::PrincipalKind::kStaff) {
    const auto user = staff_.find_by_principal(principal);
    if (!user) throw NotFound("no staff user behind principal " + principal.id());
    staff_user = user->id;
    display_name = user->display_name;
  }

  const auto token_bytes = detail::random_bytes(kTokenBytes);
  NewSession created{detail::base64url_encode(token_bytes),
                     {},
                     Session{crypto::sha256_hex(detail::as_string(token_bytes)),
                             principal,
                             clock_.now(),
                             clock_.now(),
                             {},
                             stage,
                             std::nullopt,
                             std::nullopt,
                             display_name}};
  const std::string csrf_secret = detail::base64url_encode(detail::random_bytes(32));
  created.session.csrf_token = csrf_token_for(created.session.id, csrf_secret);
  created.set_cookie =
      std::string(kSessionCookieName) + "=" + created.token + "; Path=/; Secure; HttpOnly; SameSite=Lax";

  std::string personnummer;
  soci::indicator personnummer_indicator = soci::i_null;
  if (principal.personnummer()) {
    personnummer = crypto::encrypt(keyring_, principal.personnummer()->digits(),
                                   detail::session_personnummer_associated_data(created.session.id));
    personnummer_indicator = soci::i_ok;
  }
  long long staff_value = staff_user.value_or(0);
  soci::indicator staff_indicator = staff_user ? soci::i_ok : soci::i_null;
  const std::string now = detail::format_time(created.session.created_at);
  const std::string stage_text(to_string(stage));
  try {
    auto lease = db_.acquire();
    *lease << "INSERT INTO web_session (id, principal_kind, staff_user, personnummer, csrf_secret, created_at, "
              "last_seen, login_stage) VALUES (:id, :kind, :staff, :pnr, :csrf, :created, :seen, :stage)",
        soci::use(created.session.id, "id"), soci::use(kind, "kind"), soci::use(staff_value, staff_indicator, "staff"),
        soci::use(personnummer, personnummer_indicator, "pnr"), soci::use(csrf_secret, "csrf"),
        soci::use(now, "created"), soci::use(now, "seen"), soci::use(stage_text, "stage");
  } catch (const soci::soci_error& e) {
    storage::database_failure("creating a session", e);
  }
  return created;
}

NewSession SessionStore::rotate(std::string_view previous_token, const security::Principal& principal,
                                LoginStage stage) {
  destroy(previous_token);
  return create_session(principal, stage);
}

std::optional<Session> SessionStore::resume(std::string_view token) { return resume_or_why(token).session; }

Resumed SessionStore::resume_or_why(std::string_view token) {
  const auto id = session_id_of(token);
  if (!id) return {};
  const auto now = clock_.now();
  std::string kind, personnummer, csrf_secret, created_text, seen_text, stage_text, member, language;
  long long staff_user = 0;
  soci::indicator staff_indicator = soci::i_null, personnummer_indicator = soci::i_null;
  soci::indicator member_indicator = soci::i_null, language_indicator = soci::i_null;
  try {
    auto lease = db_.acquire();
    *lease << "SELECT principal_kind, staff_user, personnummer, csrf_secret, created_at, last_seen, login_stage, "
              "municipality, language FROM web_session WHERE id = :id",
        soci::use(*id, "id"), soci::into(kind), soci::into(staff_user, staff_indicator),
        soci::into(personnummer, personnummer_indicator), soci::into(csrf_secret), soci::into(created_text),
        soci::into(seen_text), soci::into(stage_text), soci::into(member, member_indicator),
        soci::into(language, language_indicator);
    if (!lease->got_data()) return {};
  } catch (const soci::soci_error& e) {
    storage::database_failure("reading a session", e);
  }
  const auto created = detail::parse_time(created_text);
  auto seen = detail::parse_time(seen_text);
  if (now - created >= options_.absolute_timeout) {
    destroy(token);
    return {std::nullopt, SessionEnd::kTooOld};
  }
  if (now - seen >= options_.idle_timeout) {
    destroy(token);
    return {std::nullopt, SessionEnd::kIdle};
  }

  std::optional<security::Principal> principal;
  std::string display_name;
  if (kind == "anonymous") {
    principal = security::Principal::anonymous();
  } else if (kind == "citizen" && personnummer_indicator == soci::i_ok) {
    principal = security::Principal::citizen(ids::Personnummer::parse_any(
        crypto::decrypt(keyring_, personnummer, detail::session_personnummer_associated_data(*id))));
  } else if (kind == "staff" && staff_indicator == soci::i_ok) {
    const auto user = staff_.find_by_id(staff_user);
    if (!user) {
      destroy(token);
      return {};
    }
    principal = user->principal();
    display_name = user->display_name;
  } else {
    throw InternalError("session " + id->substr(0, 8) + "... has an inconsistent principal");
  }

  if (now - seen >= options_.touch_interval) {
    const std::string now_text = detail::format_time(now);
    try {
      auto lease = db_.acquire();
      *lease << "UPDATE web_session SET last_seen = :seen WHERE id = :id", soci::use(now_text, "seen"),
          soci::use(*id, "id");
    } catch (const soci::soci_error& e) {
      storage::database_failure("refreshing a session", e);
    }
    seen = now;
  }
  Session session{*id,
                  std::move(*principal),
                  created,
                  seen,
                  csrf_token_for(*id, csrf_secret),
                  parse_stage(stage_text),
                  std::nullopt,
                  std::nullopt,
                  std::move(display_name)};
  if (member_indicator == soci::i_ok) session.member = ids::Kommunkod::parse(member);
  if (language_indicator == soci::i_ok) session.language = language;
  return {std::move(session), SessionEnd::kNone};
}

void SessionStore::set_stage(const Session& session, LoginStage stage) {
  if (stage == LoginStage::kComplete) throw InvalidInput("a login is completed by rotating the session");
  const std::string text(to_string(stage));
  update_one(session, "UPDATE web_session SET login_stage = :v WHERE id = :id", text);
}

void SessionStore::set_member(const Session& session, const ids::Kommunkod& member) {
  update_one(session, "UPDATE web_session SET municipality = :v WHERE id = :id", member.str());
}

void SessionStore::set_language(const Session& session, std::string_view language) {
  if (language != "sv" && language != "en") throw InvalidInput("the language is sv or en");
  update_one(session, "UPDATE web_session SET language = :v WHERE id = :id", std::string(language));
}

void SessionStore::update_one(const Session& session, const char* sql, const std::string& value) {
  try {
    auto lease = db_.acquire();
    soci::statement update = (lease->prepare << sql, soci::use(value, "v"), soci::use(session.id, "id"));
    update.execute(true);
    if (update.get_affected_rows() != 1) throw NotFound("the session has ended");
  } catch (const soci::soci_error& e) {
    storage::database_failure("updating a session", e);
  }
}

std::optional<Session> SessionStore::resume(const http::Request& request) {
  const auto token = cookie_token(request);
  if (!token) return std::nullopt;
  return resume(*token);
}

void SessionStore::destroy(std::string_view token) {
  const auto id = session_id_of(token);
  if (!id) return;
  try {
    auto lease = db_.acquire();
    *lease << "DELETE FROM web_session WHERE id = :id", soci::use(*id, "id");
  } catch (const soci::soci_error& e) {
    storage::database_failure("deleting a session", e);
  }
}

std::size_t SessionStore::purge_expired() {
  const auto now = clock_.now();
  const std::string idle_before = detail::format_time(now - options_.idle_timeout);
  const std::string created_before = detail::format_time(now - options_.absolute_timeout);
  try {
    auto lease = db_.acquire();
    // Both databases compare these correctly: PostgreSQL as timestamptz, SQLite as text in one
    // fixed-width ISO-8601 format (the format every row is written in).
    soci::statement purge =
        (lease->prepare << "DELETE FROM web_session WHERE last_seen <= :idle OR created_at <= :created",
         soci::use(idle_before, "idle"), soci::use(created_before, "created"));
    purge.execute(true);
    return static_cast<std::size_t>(purge.get_affected_rows());
  } catch (const soci::soci_error& e) {
    storage::database_failure("purging sessions", e);
  }
}

bool SessionStore::check_csrf(const Session& session, std::string_view submitted) const {
  return !submitted.empty() && detail::equal_constant_time(session.csrf_token, submitted);
}

std::string SessionStore::clear_cookie() {
  return std::string(kSessionCookieName) + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0";
}

std::optional<std::string> SessionStore::id_of(std::string_view token) { return session_id_of(token); }

std::optional<std::string> SessionStore::cookie_token(const http::Request& request) {
  for (const auto& [name, value] : request.headers) {
    if (Poco::icompare(name, "Cookie") != 0) continue;
    for (const auto& pair : detail::split(value, ";")) {
      const auto start = pair.find_first_not_of(' ');
      if (start == std::string::npos) continue;
      const std::string_view item = std::string_view(pair).substr(start);
      if (item.starts_with(kSessionCookieName) && item.size() > kSessionCookieName.size() &&
          item[kSessionCookieName.size()] == '=') {
        std::string token(item.substr(kSessionCookieName.size() + 1));
        while (!token.empty() && token.back() == ' ') token.pop_back();
        return token;
      }
    }
  }
  return std::nullopt;
}

}  // namespace samverkan::auth
