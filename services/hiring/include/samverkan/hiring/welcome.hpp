#pragma once
/// Before day one: once the new employee's account is made, an invitation goes to their private
/// e-mail (OrderJobs::invite) with a one-time link to the pages before day one. There the
/// employee logs in with BankID (the order requires their personnummer), sees the start date,
/// the workplace, the manager, what is ordered and its state, the contract's state and the
/// intranet link, and activates the account: the IT service desk and the permission system get
/// the activation as orders (purpose "activation"), followed like every other order.
///
/// The link is used up by the completed login; the overview page then holds a random
/// activation code (only its SHA-256 is stored) valid for 30 minutes, so nothing is kept in the
/// browser and no session is needed. Every step is audited naming the hire.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/bankid/client.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/hiring/contract.hpp"
#include "samverkan/hiring/hire.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::hiring {

/// The path of the pages before day one: "/anstallning/<kommunkod>/start/<token>".
std::string welcome_path(const ids::Kommunkod& municipality, std::string_view token);

/// What the link's page shows before the login: no personal data.
struct WelcomeView {
  std::string member_name{};
  bool used = false;       ///< the link was used for a login already
  bool activated = false;  ///< the account is activated
};

/// What the employee sees once logged in.
struct WelcomeOverview {
  std::string hire_id{};
  std::string member_name{};
  std::string given_name{};
  std::string family_name{};
  std::string title{};
  std::string unit_name{};
  std::string workplace{};
  std::string start_date{};
  std::string manager_name{};
  std::string account{};
  std::string intranet_url{};
  ContractState contract = ContractState::kNone;
  std::vector<Order> orders{};  ///< the hire's own orders and the activation's
  bool activated = false;
  std::string activation_code{};  ///< for the activation form; empty once activated
};

struct WelcomeProgress {
  SignProgress login{};                       ///< pending / failed / complete, with the QR code
  std::optional<WelcomeOverview> overview{};  ///< complete only
};

class EmployeeWelcome {
 public:
  /// `bankid` may be null (not configured): start_login answers samverkan::Unavailable.
  EmployeeWelcome(const config::Cooperation& cooperation, const crypto::Keyring& keyring, bankid::Client* bankid)
      : cooperation_(cooperation), keyring_(keyring), bankid_(bankid) {}

  /// NotFound for an unknown link.
  WelcomeView view(tenancy::Context& ctx, std::string_view token);

  /// Starts a BankID login for the employee. NotFound for an unknown link, Conflict for a link
  /// used already.
  SignStarted start_login(tenancy::Context& ctx, std::string_view token, std::string_view end_user_ip);

  /// Collects the login once. Complete: the person is checked against the hire (Forbidden for
  /// another, audited), the link is used up, and the overview comes with a fresh activation
  /// code. NotFound for an unknown login id.
  WelcomeProgress poll_login(tenancy::Context& ctx, std::string_view token, std::string_view login_id);

  /// Activates the account with the overview's code: the activation orders are added (their
  /// jobs run once ctx commits). Forbidden for a wrong or expired code; Conflict when already
  /// activated. Returns the overview after it.
  WelcomeOverview activate(tenancy::Context& ctx, std::string_view token, std::string_view code);

 private:
  WelcomeOverview overview(tenancy::Context& ctx, const std::string& hire_id);

  const config::Cooperation& cooperation_;
  const crypto::Keyring& keyring_;
  bankid::Client* bankid_;
};

}  // namespace samverkan::hiring
