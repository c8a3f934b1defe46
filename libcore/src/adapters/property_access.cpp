#include "samverkan/adapters/property_access.hpp"

#include <set>

#include "adapters/detail/text_checks.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::adapters {

std::string_view to_string(AccessOrderStatus status) noexcept {
  switch (status) {
    case AccessOrderStatus::kQueued:
      return "queued";
    case AccessOrderStatus::kInProgress:
      return "in-progress";
    case AccessOrderStatus::kDone:
      return "done";
    case AccessOrderStatus::kRejected:
      return "rejected";
  }
  return "queued";
}

void validate(const AccessCardOrder& order) {
  detail::check_text(order.holder_name, "card holder name", 100);
  detail::check_text(order.employment_id, "employment id", 32);
  if (order.zones.empty()) throw InvalidInput("an access card order needs at least one zone");
  if (order.zones.size() > 50) throw InvalidInput("an access card order has more than 50 zones");
  std::set<std::string_view> seen;
  for (const auto& zone : order.zones) {
    if (zone.empty() || zone.size() > 64 || !detail::is_ascii_word(zone, "-_/.")) {
      throw InvalidInput("zone '" + zone.substr(0, 64) + "' is not a zone id (1..64 characters A-Z a-z 0-9 - _ / .)");
    }
    if (!seen.insert(zone).second) throw InvalidInput("zone " + zone + " is listed twice");
  }
  if (!order.valid_from.ok()) throw InvalidInput("valid-from is not a valid date");
  if (order.valid_until) {
    if (!order.valid_until->ok()) throw InvalidInput("valid-until is not a valid date");
    if (*order.valid_until < order.valid_from) throw InvalidInput("valid-until is before valid-from");
  }
  detail::check_text(order.cost_centre, "cost centre", 20);
  detail::check_optional_text(order.pickup_location, "pickup location", 100);
}

void validate(const AccessCardRevocation& revocation) {
  detail::check_text(revocation.employment_id, "employment id", 32);
  if (!revocation.effective_date.ok()) throw InvalidInput("effective date is not a valid date");
  detail::check_optional_text(revocation.reason, "reason", 200);
}

}  // namespace samverkan::adapters
