#include "samverkan/adapters/it_service_desk.hpp"

#include "adapters/detail/text_checks.hpp"
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

void validate(const AccountOrder& order) {
  const auto& name = order.account;
  const bool shaped = name.size() >= 2 && name.size() <= 20 && name.front() >= 'a' && name.front() <= 'z' &&
                      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") == std::string::npos;
  if (!shaped) throw InvalidInput("an account name is 2..20 characters a-z 0-9, starting with a letter");
  detail::check_text(order.employment_id, "employment id", 32);
  detail::check_text(order.given_name, "given name", 100);
  detail::check_text(order.family_name, "family name", 100);
  detail::check_text(order.unit, "unit", 100);
  if (!order.valid_from.ok()) throw InvalidInput("valid from is not a valid date");
  if (order.valid_until && (!order.valid_until->ok() || *order.valid_until < order.valid_from)) {
    throw InvalidInput("valid until is not a valid date on or after valid from");
  }
}

void validate(const EquipmentReturn& order) {
  detail::check_text(order.employment_id, "employment id", 32);
  if (!order.return_date.ok()) throw InvalidInput("return date is not a valid date");
  detail::check_text(order.reason, "reason", 200);
}

void validate(const AccountActivation& activation) {
  const auto& account = activation.account;
  if (account.empty() || account.size() > 64 || !detail::is_ascii_word(account, "._-@")) {
    throw InvalidInput("an account is 1..64 characters A-Z a-z 0-9 . _ - @");
  }
  detail::check_text(activation.employment_id, "employment id", 32);
}

}  // namespace samverkan::adapters
