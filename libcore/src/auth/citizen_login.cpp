#include "samverkan/auth/citizen_login.hpp"

#include <soci/soci.h>

#include "auth/detail/common.hpp"
#include "samverkan/bankid/animated_qr.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/security/principal.hpp"
#include "samverkan/storage/database_error.hpp"

namespace samverkan::auth {

namespace {

// The row id of a login id: only its SHA-256 is stored. A malformed id has none.
std::optional<std::string> row_id_of(const std::string& login_id) {
  if (login_id.size() != 64 || login_id.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return std::nullopt;
  }
  return crypto::sha256_hex(login_id);
}

struct Text {
  std::string_view sv;
  std::string_view en;
};

// BankID's recommended user messages (RFA numbers as in BankID's guidelines).
Text message_of(bankid::CollectStatus status, bankid::HintCode hint) {
  using bankid::HintCode;
  if (status == bankid::CollectStatus::kComplete) return {"Du är inloggad.", "You are logged in."};
  switch (hint) {
    case HintCode::kOutstandingTransaction:  // RFA1
    case HintCode::kNoClient:
      return {"Starta BankID-appen.", "Start your BankID app."};
    case HintCode::kStarted:  // RFA15
      return {"Söker efter BankID, det kan ta en liten stund …", "Searching for BankID, it may take a little while …"};
    case HintCode::kUserSign:  // RFA9
      return {"Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.",
              "Enter your security code in the BankID app and select Identify or Sign."};
    case HintCode::kUserMrtd:  // RFA23
      return {"Läs av din id-handling med BankID-appen.",
              "Process your machine-readable travel document using the BankID app."};
    case HintCode::kExpiredTransaction:  // RFA8
      return {
          "BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du "
          "inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.",
          "The BankID app is not responding. Please check that it is started and that you have internet access. "
          "If you don't have a valid BankID you can get one from your bank. Try again."};
    case HintCode::kCertificateErr:  // RFA16
      return {
          "Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett "
          "nytt hos din bank.",
          "The BankID you are trying to use is blocked or too old. Please use another BankID or get a new one "
          "from your bank."};
    case HintCode::kUserCancel:  // RFA6
      return {"Åtgärden avbruten.", "Action cancelled."};
    case HintCode::kCancelled:  // RFA3
      return {"Åtgärden avbruten. Försök igen.", "Action cancelled. Please try again."};
    case HintCode::kStartFailed:  // RFA17B
      return {
          "Det gick inte att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att "
          "BankID-appen är uppdaterad. Om du inte har BankID-appen måste du installera den och skaffa ett BankID "
          "hos din bank. Installera appen från din appbutik eller https://install.bankid.com.",
          "Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up "
          "to date. If you don't have the BankID app, you need to install it and get a BankID from your bank. "
          "Install the app from your app store or https://install.bankid.com."};
    default:
      if (status == bankid::CollectStatus::kFailed)
        return {"Okänt fel. Försök igen.", "Unknown error. Please try again."};
      return {"Identifiering pågår.", "Identification in progress."};  // RFA21
  }
}

}  // namespace

std::string_view user_message(bankid::CollectStatus status, bankid::HintCode hint, http::Language language) {
  const Text text = message_of(status, hint);
  return language == http::Language::kEnglish ? text.en : text.sv;
}

std::string_view user_message(const LoginProgress& progress, http::Language language) {
  switch (progress.state) {
    case LoginState::kPending:
      return user_message(bankid::CollectStatus::kPending, progress.hint, language);
    case LoginState::kFailed:
      return user_message(bankid::CollectStatus::kFailed, progress.hint, language);
    case LoginState::kComplete:
      break;
  }
  return user_message(bankid::CollectStatus::kComplete, progress.hint, language);
}

struct CitizenLogin::Stored {
  std::string row_id;
  std::string browser_session;  // "" when not bound
  bankid::Order order;
  Clock::TimePoint expires_at;
  bool failed = false;
  std::string hint_code;
};

LoginStarted CitizenLogin::start(const std::string& end_user_ip, std::string_view browser_session_id) {
  bankid::AuthRequest request;
  request.end_user_ip = end_user_ip;
  const auto order = client_.auth(request);
  LoginStarted started;
  started.login_id = crypto::random_hex(32);
  started.auto_start_token = order.auto_start_token;
  started.qr = bankid::AnimatedQr(order, clock_).content();
  const std::string row_id = *row_id_of(started.login_id);
  const auto sealed = [&](std::string_view column, const std::string& value) {
    return crypto::encrypt(keyring_, value, detail::bankid_login_associated_data(column, row_id));
  };
  const std::string order_ref = sealed("order_ref", order.order_ref);
  const std::string auto_start = sealed("auto_start_token", order.auto_start_token);
  const std::string secret = sealed("qr_start_secret", order.qr_start_secret);
  const std::string started_at = detail::format_time(order.started_at);
  const std::string expires_at = detail::format_time(clock_.now() + kLifetime);
  const std::string browser(browser_session_id);
  soci::indicator bound = browser.empty() ? soci::i_null : soci::i_ok;
  try {
    auto lease = db_.acquire();
    *lease << "INSERT INTO bankid_login (id, browser_session, order_ref, auto_start_token, qr_start_token, "
              "qr_start_secret, started_at, expires_at, state) VALUES (:id, :browser, :ref, :auto, :token, :secret, "
              ":started, :expires, 'pending')",
        soci::use(row_id, "id"), soci::use(browser, bound, "browser"), soci::use(order_ref, "ref"),
        soci::use(auto_start, "auto"), soci::use(order.qr_start_token, "token"), soci::use(secret, "secret"),
        soci::use(started_at, "started"), soci::use(expires_at, "expires");
  } catch (const soci::soci_error& e) {
    storage::database_failure("recording a BankID login", e);
  }
  return started;
}

std::optional<CitizenLogin::Stored> CitizenLogin::find(const std::string& login_id) {
  const auto row_id = row_id_of(login_id);
  if (!row_id) return std::nullopt;
  std::string browser, order_ref, auto_start, qr_token, secret, started_at, expires_at, state, hint;
  soci::indicator browser_indicator = soci::i_null;
  const std::string now = detail::format_time(clock_.now());
  try {
    auto lease = db_.acquire();
    *lease << "SELECT browser_session, order_ref, auto_start_token, qr_start_token, qr_start_secret, started_at, "
              "expires_at, state, hint_code FROM bankid_login WHERE id = :id AND expires_at > :now",
        soci::use(*row_id, "id"), soci::use(now, "now"), soci::into(browser, browser_indicator), soci::into(order_ref),
        soci::into(auto_start), soci::into(qr_token), soci::into(secret), soci::into(started_at),
        soci::into(expires_at), soci::into(state), soci::into(hint);
    if (!lease->got_data()) return std::nullopt;
  } catch (const soci::soci_error& e) {
    storage::database_failure("reading a BankID login", e);
  }
  const auto opened = [&](std::string_view column, const std::string& token) {
    return crypto::decrypt(keyring_, token, detail::bankid_login_associated_data(column, *row_id));
  };
  Stored stored;
  stored.row_id = *row_id;
  if (browser_indicator == soci::i_ok) stored.browser_session = browser;
  stored.order.order_ref = opened("order_ref", order_ref);
  stored.order.auto_start_token = opened("auto_start_token", auto_start);
  stored.order.qr_start_token = qr_token;
  stored.order.qr_start_secret = opened("qr_start_secret", secret);
  stored.order.started_at = detail::parse_time(started_at);
  stored.expires_at = detail::parse_time(expires_at);
  stored.failed = state == "failed";
  stored.hint_code = hint;
  return stored;
}

namespace {

// A login bound to a browser session answers only to that session.
bool same_browser(const std::string& bound, std::string_view browser_session_id) {
  return bound.empty() || (!browser_session_id.empty() && detail::equal_constant_time(bound, browser_session_id));
}

}  // namespace

std::string CitizenLogin::qr(const std::string& login_id, std::string_view browser_session_id) {
  const auto stored = find(login_id);
  if (!stored || stored->failed || !same_browser(stored->browser_session, browser_session_id)) {
    throw NotFound("no such login in progress; start again");
  }
  return bankid::AnimatedQr(stored->order, clock_).content();
}

LoginProgress CitizenLogin::poll(const std::string& login_id, std::string_view previous_session_token) {
  const auto stored = find(login_id);
  const std::string browser = SessionStore::id_of(previous_session_token).value_or("");
  if (!stored || !same_browser(stored->browser_session, browser)) {
    throw NotFound("no such login in progress; start again");
  }
  LoginProgress progress;
  if (stored->failed) {
    progress.state = LoginState::kFailed;
    progress.hint_code = stored->hint_code;
    progress.hint = bankid::parse_hint_code(stored->hint_code);
    return progress;
  }
  const auto result = client_.collect(stored->order.order_ref);
  progress.hint_code = result.hint_code_text;
  progress.hint = result.hint_code;
  switch (result.status) {
    case bankid::CollectStatus::kPending:
      progress.state = LoginState::kPending;
      progress.qr = bankid::AnimatedQr(stored->order, clock_).content();
      progress.auto_start_token = stored->order.auto_start_token;
      return progress;
    case bankid::CollectStatus::kFailed:
      progress.state = LoginState::kFailed;
      try {
        auto lease = db_.acquire();
        *lease << "UPDATE bankid_login SET state = 'failed', hint_code = :hint WHERE id = :id",
            soci::use(result.hint_code_text, "hint"), soci::use(stored->row_id, "id");
      } catch (const soci::soci_error& e) {
        storage::database_failure("recording a failed BankID login", e);
      }
      return progress;
    case bankid::CollectStatus::kComplete:
      break;
  }
  // Whoever deletes the row makes the session: two polls that both see "complete" make one.
  try {
    auto lease = db_.acquire();
    soci::statement finish = (lease->prepare << "DELETE FROM bankid_login WHERE id = :id AND state = 'pending'",
                              soci::use(stored->row_id, "id"));
    finish.execute(true);
    if (finish.get_affected_rows() != 1) throw NotFound("this login is already complete");
  } catch (const soci::soci_error& e) {
    storage::database_failure("completing a BankID login", e);
  }
  progress.state = LoginState::kComplete;
  const auto principal = security::Principal::citizen(result.completion_data->user.personal_number);
  // A new session id after login: the pre-login session (if any) is destroyed.
  progress.session = previous_session_token.empty() ? sessions_.create_session(principal)
                                                    : sessions_.rotate(previous_session_token, principal);
  return progress;
}

void CitizenLogin::cancel(const std::string& login_id, std::string_view browser_session_id) {
  const auto stored = find(login_id);
  if (!stored || !same_browser(stored->browser_session, browser_session_id)) return;
  try {
    auto lease = db_.acquire();
    *lease << "DELETE FROM bankid_login WHERE id = :id", soci::use(stored->row_id, "id");
  } catch (const soci::soci_error& e) {
    storage::database_failure("cancelling a BankID login", e);
  }
  if (!stored->failed) client_.cancel(stored->order.order_ref);
}

std::size_t CitizenLogin::purge_expired() {
  const std::string now = detail::format_time(clock_.now());
  try {
    auto lease = db_.acquire();
    soci::statement purge =
        (lease->prepare << "DELETE FROM bankid_login WHERE expires_at <= :now", soci::use(now, "now"));
    purge.execute(true);
    return static_cast<std::size_t>(purge.get_affected_rows());
  } catch (const soci::soci_error& e) {
    storage::database_failure("purging BankID logins", e);
  }
}

}  // namespace samverkan::auth
