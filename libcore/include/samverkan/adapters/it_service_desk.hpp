#pragma once
/// ItServiceDesk: the IT organisation's service desk (e.g. TOPdesk, Easit GO, ServiceNow):
/// equipment orders for a new employee, followed as tickets.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  /// The ticket's current state.
  virtual TicketState ticket_status(std::string_view ticket_id) = 0;
};

}  // namespace samverkan::adapters
