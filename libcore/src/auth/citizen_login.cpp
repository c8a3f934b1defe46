#include "samverkan/auth/citizen_login.hpp"

#include "samverkan/bankid/animated_qr.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/security/principal.hpp"

namespace samverkan::auth {
namespace {

// An auth order lives at most 3 minutes at BankID; keep ours a little longer for the last poll.
constexpr auto kOrderLifetime = std::chrono::minutes(3) + std::chrono::seconds(30);

std::string random_id() { return crypto::random_hex(32); }

}  // namespace

std::string_view user_message(bankid::CollectStatus status, bankid::HintCode hint) {
  using bankid::HintCode;
  if (status == bankid::CollectStatus::kComplete) return "Du är inloggad.";
  switch (hint) {
    case HintCode::kOutstandingTransaction:
    case HintCode::kNoClient:
      return "Starta BankID-appen.";
    case HintCode::kStarted:
      return "Söker efter BankID, det kan ta en liten stund …";
    case HintCode::kUserSign:
      return "Skriv in din säkerhetskod i BankID-appen och välj Identifiera.";
    case HintCode::kExpiredTransaction:
      return "BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. "
             "Försök sedan igen.";
    case HintCode::kCertificateErr:
      return "Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat BankID eller "
             "skaffa ett nytt hos din bank.";
    case HintCode::kUserCancel:
      return "Åtgärden avbruten.";
    case HintCode::kCancelled:
      return "Åtgärden avbruten. Försök igen.";
    case HintCode::kStartFailed:
      return "Det gick inte att starta BankID-appen. Kontrollera att du har den installerad och försök igen.";
    default:
      return status == bankid::CollectStatus::kFailed ? "Okänt fel. Försök igen." : "Identifiering pågår.";
  }
}

void CitizenLogin::forget_expired() {
  const auto now = clock_.now();
  for (auto it = pending_.begin(); it != pending_.end();) {
    it = it->second.expires_at < now ? pending_.erase(it) : std::next(it);
  }
}

LoginStarted CitizenLogin::start(const std::string& end_user_ip) {
  bankid::AuthRequest request;
  request.end_user_ip = end_user_ip;
  auto order = client_.auth(request);
  LoginStarted started;
  started.login_id = random_id();
  started.auto_start_token = order.auto_start_token;
  started.qr = bankid::AnimatedQr(order, clock_).content();
  std::lock_guard lock(mutex_);
  forget_expired();
  pending_.emplace(started.login_id, Pending{std::move(order), clock_.now() + kOrderLifetime});
  return started;
}

LoginProgress CitizenLogin::poll(const std::string& login_id, std::string_view previous_session_token) {
  bankid::Order order;
  {
    std::lock_guard lock(mutex_);
    forget_expired();
    const auto found = pending_.find(login_id);
    if (found == pending_.end()) throw NotFound("no such login in progress; start again");
    order = found->second.order;
  }
  const auto result = client_.collect(order.order_ref);
  LoginProgress progress;
  progress.hint_code = result.hint_code_text;
  progress.message = std::string(user_message(result.status, result.hint_code));
  switch (result.status) {
    case bankid::CollectStatus::kPending:
      progress.state = LoginState::kPending;
      progress.qr = bankid::AnimatedQr(order, clock_).content();
      return progress;
    case bankid::CollectStatus::kFailed:
      progress.state = LoginState::kFailed;
      break;
    case bankid::CollectStatus::kComplete: {
      progress.state = LoginState::kComplete;
      const auto principal = security::Principal::citizen(result.completion_data->user.personal_number);
      // A new session id after login: the pre-login session (if any) is destroyed.
      progress.session = previous_session_token.empty() ? sessions_.create_session(principal)
                                                        : sessions_.rotate(previous_session_token, principal);
      break;
    }
  }
  std::lock_guard lock(mutex_);
  pending_.erase(login_id);
  return progress;
}

void CitizenLogin::cancel(const std::string& login_id) {
  std::optional<std::string> order_ref;
  {
    std::lock_guard lock(mutex_);
    const auto found = pending_.find(login_id);
    if (found == pending_.end()) return;
    order_ref = found->second.order.order_ref;
    pending_.erase(found);
  }
  client_.cancel(*order_ref);
}

}  // namespace samverkan::auth
