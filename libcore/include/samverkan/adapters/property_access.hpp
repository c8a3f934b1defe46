#pragma once
/// PropertyAccess: the property owner's access control (passersystem, e.g. ARX, Vaka, R-CARD):
/// order and revoke access cards (passerkort) for buildings and zones.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/adapters/idempotency_key.hpp"
#include "samverkan/adapters/order_receipt.hpp"

namespace samverkan::adapters {

/// An order for a new access card with access to a set of zones.
struct AccessCardOrder {
  IdempotencyKey idempotency_key;
  std::string holder_name{};    ///< printed on the card, "Anna Andersson"
  std::string employment_id{};  ///< the holder's employment id (the card system's person key)
  std::vector<std::string>
      zones{};  ///< building or zone ids of the property system, e.g. "STADSHUSET", "SKOLA-NORR/KOK"
  std::chrono::year_month_day valid_from{};
  std::optional<std::chrono::year_month_day> valid_until{};  ///< open-ended when absent
  std::string cost_centre{};                                 ///< kostnadsställe that pays for the card
  std::string pickup_location{};  ///< where the card is fetched; may be empty (the reception)
};

/// An order to revoke (spärra) every card of a holder from a date.
struct AccessCardRevocation {
  IdempotencyKey idempotency_key;
  std::string employment_id{};
  std::chrono::year_month_day effective_date{};
  std::string reason{};  ///< "termination", "lost card"; free text without personal data
};

enum class AccessOrderStatus {
  kQueued,      ///< handed over, not yet picked up by the property system
  kInProgress,  ///< picked up, not yet done
  kDone,        ///< card produced and activated, or revocation carried out
  kRejected,    ///< refused by the property system (message says why)
};

/// "queued", "in-progress", "done", "rejected".
std::string_view to_string(AccessOrderStatus status) noexcept;

struct AccessOrderState {
  std::string order_id{};
  AccessOrderStatus status = AccessOrderStatus::kQueued;
  std::string message{};  ///< the property system's comment; may be empty
};

/// Checks what every PropertyAccess requires, before any backend is asked: holder name and
/// employment id present, 1..50 zones each 1..64 characters of A-Z a-z 0-9 '-' '_' '/' '.',
/// no duplicate zone, valid dates, valid_until not before valid_from, a cost centre. Throws
/// samverkan::InvalidInput with the reason.
void validate(const AccessCardOrder& order);
/// As above for a revocation: employment id and a valid date.
void validate(const AccessCardRevocation& revocation);

/// Access cards of one municipality's property owner (often a municipal company).
///
/// Every method may be called from several threads at once. Errors:
///   - samverkan::InvalidInput: the order is wrong (see validate), or a zone the system does not
///     know;
///   - samverkan::NotFound: status of an order id the system does not know;
///   - samverkan::Conflict: the idempotency key was used for a different order;
///   - samverkan::Unavailable: the property system (or its order folder) is unreachable.
class PropertyAccess {
 public:
  static constexpr AdapterKind kKind = AdapterKind::kPropertyAccess;

  virtual ~PropertyAccess() = default;

  /// Orders a card; the receipt's id is the order id for status().
  virtual OrderReceipt order_card(const AccessCardOrder& order) = 0;
  /// Orders the revocation of every card of a holder; the receipt's id is for status().
  virtual OrderReceipt revoke_cards(const AccessCardRevocation& revocation) = 0;
  /// The state of an order placed by order_card or revoke_cards.
  virtual AccessOrderState status(std::string_view order_id) = 0;
};

}  // namespace samverkan::adapters
