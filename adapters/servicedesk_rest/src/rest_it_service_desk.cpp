#include "samverkan/adapters/servicedesk_rest/rest_it_service_desk.hpp"

#include "samverkan/adapters/json_answer.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::adapters::servicedesk_rest {
namespace {

TicketStatus parse_status(const std::string& text, const std::string& backend) {
  if (text == "open") return TicketStatus::kOpen;
  if (text == "in-progress") return TicketStatus::kInProgress;
  if (text == "delivered") return TicketStatus::kDelivered;
  if (text == "closed") return TicketStatus::kClosed;
  if (text == "rejected") return TicketStatus::kRejected;
  throw Unavailable(backend + " answered with the unknown ticket status '" + text.substr(0, 40) + "'");
}

}  // namespace

RestItServiceDesk::RestItServiceDesk(RestApiSettings settings, std::string customer, std::string backend)
    : customer_(std::move(customer)), client_(std::move(settings), std::move(backend)) {
  if (customer_.empty()) throw InvalidInput(client_.backend() + ": a customer id is required");
}

OrderReceipt RestItServiceDesk::order_equipment(const EquipmentOrder& order) {
  validate(order);
  auto json = json_object();
  json->set("customer", customer_);
  auto recipient = json_object();
  recipient->set("name", order.recipient_name);
  recipient->set("employmentId", order.employment_id);
  json->set("recipient", recipient);
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& item : order.items) {
    auto entry = json_object();
    entry->set("kind", std::string(to_string(item.kind)));
    entry->set("model", item.model.empty() ? std::string("standard") : item.model);
    entry->set("quantity", item.quantity);
    items->add(entry);
  }
  json->set("items", items);
  json->set("deliveryDate", calendar::format_iso_date(order.delivery_date));
  json->set("costCentre", order.cost_centre);
  json->set("deliveryAddress", order.delivery_address);
  json->set("note", order.note);

  return client_.place_order("/equipment-orders", http::to_json(*json), order.idempotency_key, "ticketId",
                             RestClient::On404::kUnavailable);
}

OrderReceipt RestItServiceDesk::order_account(const AccountOrder& order) {
  validate(order);
  auto json = json_object();
  json->set("customer", customer_);
  json->set("account", order.account);
  json->set("employmentId", order.employment_id);
  json->set("givenName", order.given_name);
  json->set("familyName", order.family_name);
  json->set("unit", order.unit);
  json->set("validFrom", calendar::format_iso_date(order.valid_from));
  if (order.valid_until) json->set("validUntil", calendar::format_iso_date(*order.valid_until));
  return client_.place_order("/account-orders", http::to_json(*json), order.idempotency_key, "ticketId",
                             RestClient::On404::kUnavailable);
}

OrderReceipt RestItServiceDesk::activate_account(const AccountActivation& activation) {
  validate(activation);
  auto json = json_object();
  json->set("customer", customer_);
  json->set("account", activation.account);
  json->set("employmentId", activation.employment_id);
  // A 404 here is the desk's "no such account was ordered".
  return client_.place_order("/account-activations", http::to_json(*json), activation.idempotency_key, "ticketId",
                             RestClient::On404::kNotFound);
}

OrderReceipt RestItServiceDesk::order_return(const EquipmentReturn& order) {
  validate(order);
  auto json = json_object();
  json->set("customer", customer_);
  json->set("employmentId", order.employment_id);
  json->set("returnDate", calendar::format_iso_date(order.return_date));
  json->set("reason", order.reason);
  return client_.place_order("/equipment-returns", http::to_json(*json), order.idempotency_key, "ticketId",
                             RestClient::On404::kUnavailable);
}

TicketState RestItServiceDesk::ticket_status(std::string_view ticket_id) {
  if (ticket_id.empty()) throw InvalidInput("ticket id is empty");
  const auto response = client_.call("GET", "/tickets/" + encode_path_segment(ticket_id));
  const auto answer = parse_json_object(response.body, client_.backend());
  TicketState state;
  state.ticket_id = required_string(answer, "ticketId", client_.backend());
  state.status = parse_status(required_string(answer, "status", client_.backend()), client_.backend());
  if (const auto expected = optional_string(answer, "expectedDelivery")) {
    try {
      state.expected_delivery = calendar::parse_iso_date(*expected, "expected delivery");
    } catch (const InvalidInput& error) {
      throw Unavailable(client_.backend() + " answered with a bad date: " + error.what());
    }
  }
  state.message = optional_string(answer, "message").value_or("");
  return state;
}

}  // namespace samverkan::adapters::servicedesk_rest
