#include "samverkan/adapters/access_card_folder/outbox_property_access.hpp"

#include "samverkan/adapters/json_answer.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::adapters::access_card_folder {

OutboxPropertyAccess::OutboxPropertyAccess(OutboxSettings settings, ids::Kommunkod municipality, std::string backend)
    : municipality_(std::move(municipality)), outbox_(std::move(settings), std::move(backend)) {}

OrderReceipt OutboxPropertyAccess::order_card(const AccessCardOrder& order) {
  validate(order);
  const std::string id = "card-" + order.idempotency_key.str();
  auto json = json_object();
  json->set("type", "access-card-order");
  json->set("orderId", id);
  json->set("municipality", municipality_.str());
  append_card_order(*json, order);
  return outbox_.deliver_file(id, ".json", http::to_json(*json) + "\n");
}

OrderReceipt OutboxPropertyAccess::revoke_cards(const AccessCardRevocation& revocation) {
  validate(revocation);
  const std::string id = "revoke-" + revocation.idempotency_key.str();
  auto json = json_object();
  json->set("type", "access-card-revocation");
  json->set("orderId", id);
  json->set("municipality", municipality_.str());
  json->set("employmentId", revocation.employment_id);
  json->set("effectiveDate", calendar::format_iso_date(revocation.effective_date));
  json->set("reason", revocation.reason);
  return outbox_.deliver_file(id, ".json", http::to_json(*json) + "\n");
}

AccessOrderState OutboxPropertyAccess::status(std::string_view order_id) {
  const std::string id(order_id);
  const OutboxItemStatus item = outbox_.status(id);
  switch (item.state) {
    case OutboxItemState::kQueued:
      return AccessOrderState{id, AccessOrderStatus::kQueued, {}};
    case OutboxItemState::kPickedUp:
      return AccessOrderState{id, AccessOrderStatus::kInProgress, {}};
    case OutboxItemState::kReceipted:
      break;
  }
  if (item.receipt_status == "received")
    return AccessOrderState{id, AccessOrderStatus::kInProgress, item.receipt_message};
  if (item.receipt_status == "done") return AccessOrderState{id, AccessOrderStatus::kDone, item.receipt_message};
  if (item.receipt_status == "rejected")
    return AccessOrderState{id, AccessOrderStatus::kRejected, item.receipt_message};
  throw Unavailable(outbox_.backend() + ": a receipt has the unknown status '" + item.receipt_status.substr(0, 40) +
                    "'");
}

}  // namespace samverkan::adapters::access_card_folder
