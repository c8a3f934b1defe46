#pragma once
// Internal to services/hiring: the contract's tables (migrations/4001_hiring_employee.sql),
// every statement through the context's TenantSession, personal data encrypted with its row
// as associated data (as register_encrypted_columns registers them).
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/bankid/client.hpp"
#include "samverkan/bankid/messages.hpp"
#include "samverkan/config/hiring.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/hiring/contract.hpp"
#include "samverkan/hiring/hire.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::hiring::detail {

/// The queue of the contract's steps and of the signature's registration.
inline constexpr std::string_view kContractQueue = "hiring.contract";

/// The hire's contract state; nullopt when the municipality has no such hire.
std::optional<ContractState> contract_state(tenancy::Context& ctx, const std::string& hire_id);

/// The hire decrypted, with its unit's name and workplace and its manager's name, as the
/// contract names them. InternalError when there is no such hire (a job's hire is never
/// deleted). Audit the read in the caller.
Hire read_hire_for_contract(tenancy::Context& ctx, const crypto::Keyring& keyring,
                            const config::HiringSettings& settings, const std::string& hire_id);

/// Stores the drawn-up PDF and the signing link's token, and moves the hire's contract from
/// none to drawn-up; false (nothing stored) when it had moved already.
bool store_contract(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& hire_id,
                    const std::string& pdf, const std::string& token);

/// The contract as stored, decrypted.
struct StoredContract {
  std::string pdf;
  std::string sha256;
  std::string token;
  std::string case_number;
  std::string registration;
  std::string evidence;  ///< JSON; empty before the signature
  std::string evidence_registration;
  std::string failure;
};
std::optional<StoredContract> read_contract(tenancy::Context& ctx, const crypto::Keyring& keyring,
                                            const std::string& hire_id);

/// drawn-up -> registered; false when it had moved already.
bool contract_registered(tenancy::Context& ctx, const std::string& hire_id, const std::string& case_number,
                         const std::string& registration);
/// registered -> sent; false when it had moved already.
bool contract_sent(tenancy::Context& ctx, const std::string& hire_id, const std::string& letter);
/// sent -> signed with the evidence (JSON, stored encrypted); false when it was not sent.
bool contract_signed(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& hire_id,
                     const std::string& evidence);
/// Any state but signed -> failed, with the reason.
void contract_failed(tenancy::Context& ctx, const std::string& hire_id, const std::string& reason);
void evidence_registered(tenancy::Context& ctx, const std::string& hire_id, const std::string& registration);

/// What the signing page finds by the link's token (no personal data).
struct ContractByToken {
  std::string hire_id;
  std::string sha256;
  std::string position;  ///< the hire's title
  ContractState state = ContractState::kNone;
  std::optional<Clock::TimePoint> signed_at;
};
std::optional<ContractByToken> contract_by_token(tenancy::Context& ctx, std::string_view token);

/// A running BankID order of the employee's pages: "sign" (the contract) or "login" (before
/// day one).
struct BankIdOrder {
  std::string order_ref;
  std::string auto_start_token;
  std::string qr_start_token;
  std::string qr_start_secret;
  std::string digest;
  Clock::TimePoint started_at{};
};
/// Records a BankID order just started for the hire under a new random id, and returns what
/// the page needs to show it (the id, the auto-start token, the QR code of second 0).
SignStarted record_bankid_order(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& hire_id,
                                std::string_view purpose, const bankid::Order& order, const std::string& digest);
/// The order `id` of the hire for `purpose`; nullopt for another hire's, another purpose's or
/// an unknown id.
std::optional<BankIdOrder> read_bankid_order(tenancy::Context& ctx, const crypto::Keyring& keyring, std::string_view id,
                                             const std::string& hire_id, std::string_view purpose);
void delete_bankid_order(tenancy::Context& ctx, std::string_view id);

/// Collects the order `id` once (contract.cpp): pending with the QR code of this second;
/// otherwise the order row is deleted, and a completed order comes with its completion data.
std::pair<SignProgress, std::optional<bankid::CompletionData>> collect_once(tenancy::Context& ctx,
                                                                            bankid::Client& bankid,
                                                                            const BankIdOrder& order,
                                                                            std::string_view id);

// --- the invitation before day one ---------------------------------------------------------

/// The queue of the invitation mail.
inline constexpr std::string_view kInvitationQueue = "hiring.invitation";

/// The hire's invitation token, made (and stored) on first use; the same token afterwards.
std::string invitation_token(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& hire_id);
void invitation_sent(tenancy::Context& ctx, const std::string& hire_id);

/// What the link's token finds.
struct Invitation {
  std::string hire_id;
  bool used = false;
  bool activated = false;
  std::string activation_hash;
  std::optional<Clock::TimePoint> activation_expires;
};
std::optional<Invitation> invitation_by_token(tenancy::Context& ctx, std::string_view token);
/// The link is used (the login completed): true for the call that used it; records the
/// activation code's hash and expiry.
bool use_invitation(tenancy::Context& ctx, const std::string& hire_id, const std::string& activation_hash,
                    Clock::TimePoint expires);
/// The account is activated: true for the call that did it.
bool invitation_activated(tenancy::Context& ctx, const std::string& hire_id);

}  // namespace samverkan::hiring::detail
