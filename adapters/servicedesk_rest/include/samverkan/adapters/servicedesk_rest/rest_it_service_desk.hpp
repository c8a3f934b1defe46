#pragma once
/// ItServiceDesk over Samverkan's equipment-order API, a small REST/JSON contract that the
/// cooperation's service desk exposes through its integration platform. Shared
/// by every municipality the desk serves; the settings give the URL and the customer id.
///
///   POST {base}/equipment-orders          Idempotency-Key: <key>
///     {"customer": "C-17", "recipient": {"name": "...", "employmentId": "..."},
///      "items": [{"kind": "phone" | "computer", "model": "standard", "quantity": 1}],
///      "deliveryDate": "2026-08-17", "costCentre": "...", "deliveryAddress": "...", "note": "..."}
///     201 {"ticketId": "HIT-1001"}   placed
///     200 {"ticketId": "HIT-1001"}   this key was placed before with the same body (a replay)
///     409                            this key was used for a different body
///     422 {"message": "..."}         refused (unknown cost centre, ...)
///   GET {base}/tickets/{ticketId}
///     200 {"ticketId": "...", "status": "open" | "in-progress" | "delivered" | "closed" | "rejected",
///          "expectedDelivery": "2026-08-17", "message": "..."}
///     404                            unknown ticket

#include <string>
#include <string_view>

#include "samverkan/adapters/it_service_desk.hpp"
#include "samverkan/adapters/rest_client.hpp"

namespace samverkan::adapters::servicedesk_rest {

class RestItServiceDesk final : public ItServiceDesk {
 public:
  /// `customer` identifies the municipality at the desk; `backend` names the desk in messages.
  /// Throws samverkan::InvalidInput for bad settings (see RestClient).
  RestItServiceDesk(RestApiSettings settings, std::string customer, std::string backend);

  OrderReceipt order_equipment(const EquipmentOrder& order) override;
  TicketState ticket_status(std::string_view ticket_id) override;

 private:
  std::string customer_;
  RestClient client_;
};

}  // namespace samverkan::adapters::servicedesk_rest
