#pragma once
/// ItServiceDesk: the IT organisation's service desk (e.g. TOPdesk, Easit GO, ServiceNow):
/// equipment and the user account for a new employee, the account's activation, and the
/// equipment's return when the employment ends, each followed as a ticket.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/account_activation.hpp"
#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/adapters/idempotency_key.hpp"
#include "samverkan/adapters/order_receipt.hpp"

namespace samverkan::adapters {

enum class EquipmentKind {
  kPhone,     ///< mobile phone with subscription
  kComputer,  ///< laptop or desktop with the standard installation
};

/// "phone" or "computer".
std::string_view to_string(EquipmentKind kind) noexcept;

struct EquipmentItem {
  EquipmentKind kind = EquipmentKind::kComputer;
  std::string model{};  ///< catalogue article ("standard", "bärbar-14"); empty means the standard model
  int quantity = 1;     ///< 1..10
};

struct EquipmentOrder {
  IdempotencyKey idempotency_key;
  std::string recipient_name{};                 ///< who gets the equipment
  std::string employment_id{};                  ///< the recipient's employment id
  std::vector<EquipmentItem> items{};           ///< 1..10 items
  std::chrono::year_month_day delivery_date{};  ///< wanted on this day (normally the first day)
  std::string cost_centre{};                    ///< kostnadsställe (ansvar), the account that pays
  std::string delivery_address{};               ///< unit and street address for the delivery
  std::string note{};                           ///< free text for the technician; may be empty
};

/// A user account (directory account, e-mail, intranet) for a new employee, created by the desk
/// under the name the hiring process proposes, open for sign-in once activated.
struct AccountOrder {
  IdempotencyKey idempotency_key;
  std::string account{};        ///< "anan01": 2..20 characters a-z 0-9, starting with a letter
  std::string employment_id{};  ///< the employment the account belongs to
  std::string given_name{};
  std::string family_name{};
  std::string unit{};                        ///< the member's unit id (where the account sits in the directory)
  std::chrono::year_month_day valid_from{};  ///< the first day
  std::optional<std::chrono::year_month_day> valid_until{};  ///< the last day of a fixed-term employment
};

/// The return of every piece of equipment of an employment (and the closing of its account)
/// when it ends.
struct EquipmentReturn {
  IdempotencyKey idempotency_key;
  std::string employment_id{};
  std::chrono::year_month_day return_date{};  ///< the day after the last day
  std::string reason{};                       ///< "termination"; free text without personal data
};

enum class TicketStatus {
  kOpen,        ///< registered, not yet handled
  kInProgress,  ///< a technician is on it
  kDelivered,   ///< equipment delivered
  kClosed,      ///< closed (after delivery or cancelled)
  kRejected,    ///< the desk refused the order (message says why)
};

/// "open", "in-progress", "delivered", "closed", "rejected".
std::string_view to_string(TicketStatus status) noexcept;

struct TicketState {
  std::string ticket_id{};
  TicketStatus status = TicketStatus::kOpen;
  std::optional<std::chrono::year_month_day> expected_delivery{};
  std::string message{};  ///< the desk's latest public comment; may be empty
};

/// Checks what every ItServiceDesk requires, before any backend is asked: recipient name,
/// employment id, 1..10 items each with quantity 1..10, a valid delivery date, a cost centre of
/// 1..20 characters A-Z a-z 0-9 '-', a delivery address. Throws samverkan::InvalidInput with
/// the reason.
void validate(const EquipmentOrder& order);
/// As above for an account: the account name's form, employment id, names and unit (1..100
/// characters), valid dates, valid_until not before valid_from.
void validate(const AccountOrder& order);
/// As above for a return: employment id, a valid date, a reason of 1..200 characters.
void validate(const EquipmentReturn& order);

/// The IT service desk serving one municipality.
///
/// Every method may be called from several threads at once. Errors:
///   - samverkan::InvalidInput: the order is wrong (see validate, or refused by the desk, e.g. an
///     unknown cost centre or a delivery date in the past);
///   - samverkan::NotFound: status of an unknown ticket;
///   - samverkan::Conflict: the idempotency key was used for a different order;
///   - samverkan::Unavailable: the desk cannot be reached or failed; retrying later may work.
class ItServiceDesk {
 public:
  static constexpr AdapterKind kKind = AdapterKind::kItServiceDesk;

  virtual ~ItServiceDesk() = default;

  /// Places an equipment order; the receipt's id is the ticket id.
  virtual OrderReceipt order_equipment(const EquipmentOrder& order) = 0;
  /// Orders a user account; the receipt's id is the ticket id. Conflict also when the account
  /// name is taken by another employment.
  virtual OrderReceipt order_account(const AccountOrder& order) = 0;
  /// Opens an ordered account for sign-in; the receipt's id is the ticket id. NotFound when no
  /// such account was ordered.
  virtual OrderReceipt activate_account(const AccountActivation& activation) = 0;
  /// Orders the equipment back and the account closed from the return date; the receipt's id
  /// is the ticket id.
  virtual OrderReceipt order_return(const EquipmentReturn& order) = 0;
  /// The ticket's current state.
  virtual TicketState ticket_status(std::string_view ticket_id) = 0;
};

}  // namespace samverkan::adapters
