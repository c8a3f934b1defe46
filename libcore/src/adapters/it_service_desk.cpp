#include "samverkan/adapters/it_service_desk.hpp"

#include "adapters/text_checks.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::adapters {

std::string_view to_string(EquipmentKind kind) noexcept {
  switch (kind) {
    case EquipmentKind::kPhone:
      return "phone";
    case EquipmentKind::kComputer:
      return "computer";
  }
  return "computer";
}

std::string_view to_string(TicketStatus status) noexcept {
  switch (status) {
    case TicketStatus::kOpen:
      return "open";
    case TicketStatus::kInProgress:
      return "in-progress";
    case TicketStatus::kDelivered:
      return "delivered";
    case TicketStatus::kClosed:
      return "closed";
    case TicketStatus::kRejected:
      return "rejected";
  }
  return "open";
}

void validate(const EquipmentOrder& order) {
  detail::check_text(order.recipient_name, "recipient name", 100);
  detail::check_text(order.employment_id, "employment id", 32);
  if (order.items.empty()) throw InvalidInput("an equipment order needs at least one item");
  if (order.items.size() > 10) throw InvalidInput("an equipment order has more than 10 items");
  for (const auto& item : order.items) {
    if (item.quantity < 1 || item.quantity > 10) {
      throw InvalidInput("quantity of " + std::string(to_string(item.kind)) + " must be 1..10");
    }
    detail::check_optional_text(item.model, "model", 64);
  }
  if (!order.delivery_date.ok()) throw InvalidInput("delivery date is not a valid date");
  if (order.cost_centre.empty() || order.cost_centre.size() > 20 || !detail::is_ascii_word(order.cost_centre, "-")) {
    throw InvalidInput("cost centre must be 1..20 characters A-Z a-z 0-9 -");
  }
  detail::check_text(order.delivery_address, "delivery address", 200);
  detail::check_optional_text(order.note, "note", 1000);
}

}  // namespace samverkan::adapters
