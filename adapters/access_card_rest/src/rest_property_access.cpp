#include "samverkan/adapters/access_card_rest/rest_property_access.hpp"

#include "samverkan/adapters/json_answer.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::adapters::access_card_rest {

RestPropertyAccess::RestPropertyAccess(RestApiSettings settings, std::string tenant, std::string backend)
    : tenant_(std::move(tenant)), client_(std::move(settings), std::move(backend)) {
  if (tenant_.empty()) throw InvalidInput(client_.backend() + ": a tenant is required");
}

OrderReceipt RestPropertyAccess::order_card(const AccessCardOrder& order) {
  validate(order);
  auto json = json_object();
  json->set("tenant", tenant_);
  append_card_order(*json, order);
  // A missing endpoint is a wrong base URL, not an unknown order.
  return client_.place_order("/card-orders", http::to_json(*json), order.idempotency_key, "orderId",
                             RestClient::On404::kUnavailable);
}

OrderReceipt RestPropertyAccess::revoke_cards(const AccessCardRevocation& revocation) {
  validate(revocation);
  auto json = json_object();
  json->set("tenant", tenant_);
  json->set("employmentId", revocation.employment_id);
  json->set("effectiveDate", calendar::format_iso_date(revocation.effective_date));
  json->set("reason", revocation.reason);
  return client_.place_order("/card-revocations", http::to_json(*json), revocation.idempotency_key, "orderId",
                             RestClient::On404::kUnavailable);
}

AccessOrderState RestPropertyAccess::status(std::string_view order_id) {
  if (order_id.empty()) throw InvalidInput("order id is empty");
  const auto response = client_.call("GET", "/orders/" + encode_path_segment(order_id));
  const auto answer = parse_json_object(response.body, client_.backend());
  const std::string status = required_string(answer, "status", client_.backend());
  AccessOrderState state{required_string(answer, "orderId", client_.backend()), AccessOrderStatus::kQueued,
                         optional_string(answer, "message").value_or("")};
  if (status == "received") {
    state.status = AccessOrderStatus::kQueued;
  } else if (status == "in-progress") {
    state.status = AccessOrderStatus::kInProgress;
  } else if (status == "done") {
    state.status = AccessOrderStatus::kDone;
  } else if (status == "rejected") {
    state.status = AccessOrderStatus::kRejected;
  } else {
    throw Unavailable(client_.backend() + " answered with the unknown order status '" + status.substr(0, 40) + "'");
  }
  return state;
}

}  // namespace samverkan::adapters::access_card_rest
