#pragma once
/// Citizen login with BankID, as the hosted pages use it:
///   start(ip)      → a login id for the browser and the first animated QR code
///   poll(login id) → pending (with the current QR code and a message for the user),
///                    failed (with the reason), or complete (with a new session cookie)
///   cancel(login id)
/// The BankID order reference and the QR secret never leave the server: the browser only
/// holds a random login id, so another browser cannot collect someone else's order.
/// Orders live in this process's memory for the order's lifetime (3 minutes); a cluster of
/// several nodes needs sticky routing for the login flow, or this state moved to the database.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "samverkan/auth/session_store.hpp"
#include "samverkan/bankid/client.hpp"
#include "samverkan/core/clock.hpp"

namespace samverkan::auth {

struct LoginStarted {
  std::string login_id;          ///< give to the browser (e.g. in a cookie or form field)
  std::string auto_start_token;  ///< for "open BankID on this device"
  std::string qr;                ///< the current animated QR code content
};

enum class LoginState { kPending, kFailed, kComplete };

struct LoginProgress {
  LoginState state = LoginState::kPending;
  std::string hint_code;              ///< BankID's hint code ("" when complete)
  std::string message;                ///< what to tell the user, in Swedish (BankID's recommended texts)
  std::string qr;                     ///< pending only: the QR code to show now
  std::optional<NewSession> session;  ///< complete only: the citizen's new session
};

class CitizenLogin {
 public:
  CitizenLogin(bankid::Client& client, SessionStore& sessions, const Clock& clock)
      : client_(client), sessions_(sessions), clock_(clock) {}

  /// Starts a BankID auth order. Throws samverkan::Unavailable when BankID cannot be reached.
  LoginStarted start(const std::string& end_user_ip);

  /// Collects the order once. On completion creates a session for the citizen (rotating the
  /// pre-login session `previous_session_token` when given). Throws samverkan::NotFound for
  /// an unknown or finished login id.
  LoginProgress poll(const std::string& login_id, std::string_view previous_session_token = {});

  /// Cancels a pending login; unknown ids are ignored.
  void cancel(const std::string& login_id);

 private:
  struct Pending {
    bankid::Order order;
    Clock::TimePoint expires_at;
  };
  void forget_expired();  // requires mutex_

  bankid::Client& client_;
  SessionStore& sessions_;
  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Pending> pending_;
};

/// BankID's recommended message (RFA texts, Swedish) for a hint code.
std::string_view user_message(bankid::CollectStatus status, bankid::HintCode hint);

}  // namespace samverkan::auth
