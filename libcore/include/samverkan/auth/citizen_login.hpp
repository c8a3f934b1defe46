#pragma once
/// Citizen login with BankID, as the hosted pages and the login API use it:
///   start(ip, browser)      → a login id for the browser and the first animated QR code
///   qr(login id, browser)   → the QR code of this second (the page fetches it every second)
///   poll(login id, cookie)  → pending (with the QR code and a message for the user), failed
///                             (with the reason, kept until the login expires), or complete
///                             (with a new session cookie; the login is then gone)
///   cancel(login id, browser)
/// The BankID order reference and the QR secret never leave the server: the browser only holds
/// a random login id. A login started for a browser session (the hosted pages) is bound to it:
/// another browser that learns the login id can neither collect it nor see its QR code.
/// Logins live in the database (bankid_login, its secrets field-encrypted), so every node of a
/// cluster can follow any of them and a restart loses none; purge_expired() removes the old.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/auth/session_store.hpp"
#include "samverkan/bankid/client.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/http/page.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::crypto {
class Keyring;
}

namespace samverkan::auth {

struct LoginStarted {
  std::string login_id;          ///< give to the browser (e.g. in a cookie or form field)
  std::string auto_start_token;  ///< for "open BankID on this device"
  std::string qr;                ///< the current animated QR code content
};

enum class LoginState { kPending, kFailed, kComplete };

struct LoginProgress {
  LoginState state = LoginState::kPending;
  std::string hint_code{};              ///< BankID's hint code ("" when complete)
  bankid::HintCode hint{};              ///< the same, parsed
  std::string qr{};                     ///< pending only: the QR code to show now
  std::string auto_start_token{};       ///< pending only: for "open BankID on this device"
  std::optional<NewSession> session{};  ///< complete only: the citizen's new session
};

class CitizenLogin {
 public:
  /// `keyring` encrypts the orders' secrets in the database.
  CitizenLogin(storage::Database& db, const crypto::Keyring& keyring, bankid::Client& client, SessionStore& sessions,
               const Clock& clock)
      : db_(db), keyring_(keyring), client_(client), sessions_(sessions), clock_(clock) {}

  /// Starts a BankID auth order, bound to the browser session `browser_session_id`
  /// (Session::id) when given. Throws samverkan::Unavailable when BankID cannot be reached.
  LoginStarted start(const std::string& end_user_ip, std::string_view browser_session_id = {});

  /// The QR code content of this second for a pending login. Throws samverkan::NotFound for
  /// an unknown, finished, failed or expired login, or one bound to another browser session.
  std::string qr(const std::string& login_id, std::string_view browser_session_id = {});

  /// Collects the order once. On completion creates a session for the citizen (rotating the
  /// pre-login session `previous_session_token` when given), exactly once however many polls
  /// race. A failed login answers its failure again without asking BankID. Throws
  /// samverkan::NotFound for an unknown, completed or expired login id, or when the login is
  /// bound to a browser session that `previous_session_token` is not.
  LoginProgress poll(const std::string& login_id, std::string_view previous_session_token = {});

  /// Cancels a pending login at BankID and forgets it; unknown ids (and logins of another
  /// browser session) are ignored.
  void cancel(const std::string& login_id, std::string_view browser_session_id = {});

  /// Deletes every login past its lifetime; returns how many (for the housekeeping job).
  std::size_t purge_expired();

  /// How long a login is kept: BankID's order lifetime and a little more for the last poll.
  static constexpr std::chrono::seconds kLifetime{3 * 60 + 30};

 private:
  struct Stored;
  std::optional<Stored> find(const std::string& id);

  storage::Database& db_;
  const crypto::Keyring& keyring_;
  bankid::Client& client_;
  SessionStore& sessions_;
  const Clock& clock_;
};

/// BankID's recommended user message (RFA texts) for a collect status and hint code, in
/// Swedish or English.
std::string_view user_message(bankid::CollectStatus status, bankid::HintCode hint,
                              http::Language language = http::Language::kSwedish);
/// The same for a login's progress.
std::string_view user_message(const LoginProgress& progress, http::Language language = http::Language::kSwedish);

}  // namespace samverkan::auth
