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

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/core/clock.hpp"
#include "samverkan/http/message.hpp"
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

struct Session {
  std::string id;  ///< hex SHA-256 of the token (what the database holds)
  security::Principal principal;
  Clock::TimePoint created_at;
  Clock::TimePoint last_seen;
  std::string csrf_token;  ///< put into every state-changing form
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
  NewSession create_session(const security::Principal& principal);

  /// Login: destroys the session of `previous_token` (if any) and starts a new one for
  /// `principal`. Always call this rather than create_session() after authenticating.
  NewSession rotate(std::string_view previous_token, const security::Principal& principal);

  /// The live session of `token`, its last_seen refreshed; nullopt for an unknown, malformed,
  /// idle or too old session (an expired one is deleted).
  std::optional<Session> resume(std::string_view token);
  /// As above, with the token from the request's session cookie.
  std::optional<Session> resume(const http::Request& request);

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

  const SessionOptions& options() const noexcept { return options_; }

 private:
  storage::Database& db_;
  const Clock& clock_;
  const crypto::Keyring& keyring_;
  StaffDirectory& staff_;
  SessionOptions options_;
};

}  // namespace samverkan::auth
