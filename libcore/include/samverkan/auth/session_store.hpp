#pragma once
/// Browser sessions for the hosted pages (citizens after BankID, staff after password + code).
///
/// The cookie carries a 256-bit random token:
///   __Host-samverkan_session=<43 base64url>; Path=/; Secure; HttpOnly; SameSite=Lax
/// The database stores only SHA-256(token) as the session id, so a copy of the database does
/// not hold one live session. A session ends after `idle_timeout` without a request (20 min)
/// or `absolute_timeout` after it began (8 h), whichever is first, by the injected clock.
/// Logging in rotates the session (the pre-login one is destroyed, a new token issued), so a
/// token planted before login (session fixation) is worth nothing after it.
///
/// CSRF: every state-changing form carries Session::csrf_token, an HMAC-SHA-256 of the session
/// id under a per-session random secret; check_csrf() compares in constant time.
///
/// Staff sessions re-read the user's roles on every resume, so a role taken away takes effect
/// at the next request. Citizen sessions hold the personnummer field-encrypted.
///
/// A staff session can be half-way through a first login (LoginStage): it then acts for
/// nobody (Authenticator refuses it) and serves only the staff web's password-change and TOTP
/// enrolment pages. A staff session also holds the member the user works for (the staff web's
/// member switcher) and, for any visitor, the language chosen with the language switch.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/core/clock.hpp"
#include "samverkan/http/message.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/security/principal.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::crypto {
class Keyring;
}

namespace samverkan::auth {

class StaffDirectory;

inline constexpr std::string_view kSessionCookieName = "__Host-samverkan_session";

struct SessionOptions {
  std::chrono::seconds idle_timeout{20 * 60};
  std::chrono::seconds absolute_timeout{8 * 3600};
  /// last_seen is written at most this often (not on every request), so the idle timeout is
  /// exact to within this much.
  std::chrono::seconds touch_interval{30};
};

/// How far a staff login has come. Only a kComplete session acts for its principal.
enum class LoginStage {
  kComplete,        ///< logged in (and every anonymous or citizen session)
  kPasswordChange,  ///< the password was right; the initial password must be changed first
  kTotpEnrolment,   ///< the password is changed; the authenticator app must be enrolled first
};

/// "complete", "password-change", "totp-enrolment" (as stored).
std::string_view to_string(LoginStage stage) noexcept;

struct Session {
  std::string id;  ///< hex SHA-256 of the token (what the database holds)
  security::Principal principal;
  Clock::TimePoint created_at;
  Clock::TimePoint last_seen;
  std::string csrf_token;  ///< put into every state-changing form
  LoginStage stage = LoginStage::kComplete;
  std::optional<ids::Kommunkod> member = {};  ///< staff: the member being worked for, once chosen
  std::optional<std::string> language = {};   ///< "sv" or "en", once chosen
  std::string display_name = {};              ///< staff: the user's display name
};

/// Why resume() found no live session.
enum class SessionEnd {
  kNone,    ///< no token, a malformed one, or one the database does not know (or no longer)
  kIdle,    ///< it was idle for idle_timeout (now deleted)
  kTooOld,  ///< it reached absolute_timeout (now deleted)
};

/// What resume_or_why() found: a live session, or why there is none.
struct Resumed {
  std::optional<Session> session;
  SessionEnd end = SessionEnd::kNone;  ///< when there is no session
};

struct NewSession {
  std::string token;       ///< the cookie value; exists only here and in the browser
  std::string set_cookie;  ///< the Set-Cookie header value
  Session session;
};

class SessionStore {
 public:
  /// `keyring` encrypts citizens' personnummer; `staff` re-reads staff roles on resume.
  SessionStore(storage::Database& db, const Clock& clock, const crypto::Keyring& keyring, StaffDirectory& staff,
               SessionOptions options);
  SessionStore(storage::Database& db, const Clock& clock, const crypto::Keyring& keyring, StaffDirectory& staff)
      : SessionStore(db, clock, keyring, staff, SessionOptions{}) {}

  /// Starts a session for an anonymous visitor (before login), a citizen or a staff user.
  /// Throws samverkan::InvalidInput for API clients and system principals (they use tokens),
  /// samverkan::NotFound for a staff principal with no staff user behind it.
  /// A staff session can start at a first-login `stage` (see LoginStage); others are kComplete.
  NewSession create_session(const security::Principal& principal, LoginStage stage = LoginStage::kComplete);

  /// Login: destroys the session of `previous_token` (if any) and starts a new one for
  /// `principal`. Always call this rather than create_session() after authenticating, and
  /// again when a first login reaches kComplete (the privilege changes, so does the token).
  NewSession rotate(std::string_view previous_token, const security::Principal& principal,
                    LoginStage stage = LoginStage::kComplete);

  /// The live session of `token`, its last_seen refreshed; nullopt for an unknown, malformed,
  /// idle or too old session (an expired one is deleted).
  std::optional<Session> resume(std::string_view token);
  /// As above, with the token from the request's session cookie.
  std::optional<Session> resume(const http::Request& request);
  /// As resume(), saying why there is no session (to tell a user they were logged out).
  Resumed resume_or_why(std::string_view token);

  /// Moves a first login on to `stage` (kComplete only through rotate()). Throws
  /// samverkan::InvalidInput for kComplete, samverkan::NotFound when the session is gone.
  void set_stage(const Session& session, LoginStage stage);
  /// Records the member a staff user works for now (the member switcher).
  void set_member(const Session& session, const ids::Kommunkod& member);
  /// Records the language chosen: "sv" or "en" (samverkan::InvalidInput otherwise).
  void set_language(const Session& session, std::string_view language);

  /// Logout: deletes the session (no error when there is none).
  void destroy(std::string_view token);

  /// Deletes every expired session; returns how many (for a periodic job).
  std::size_t purge_expired();

  /// True when `submitted` is this session's CSRF token (constant-time comparison).
  bool check_csrf(const Session& session, std::string_view submitted) const;

  /// The Set-Cookie value that removes the cookie (for logout).
  static std::string clear_cookie();
  /// The session token from the request's Cookie header(s), if any.
  static std::optional<std::string> cookie_token(const http::Request& request);
  /// The session id (Session::id) of a token; nullopt for a malformed one.
  static std::optional<std::string> id_of(std::string_view token);

  const SessionOptions& options() const noexcept { return options_; }

 private:
  void update_one(const Session& session, const char* sql, const std::string& value);

  storage::Database& db_;
  const Clock& clock_;
  const crypto::Keyring& keyring_;
  StaffDirectory& staff_;
  SessionOptions options_;
};

}  // namespace samverkan::auth
