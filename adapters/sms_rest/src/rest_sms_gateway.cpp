#include "samverkan/adapters/sms_rest/rest_sms_gateway.hpp"

#include <utility>

#include "samverkan/adapters/json_answer.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::adapters::sms_rest {

RestSmsGateway::RestSmsGateway(RestApiSettings settings, std::string sender, std::string backend)
    : sender_(std::move(sender)), client_(std::move(settings), std::move(backend)) {
  if (sender_.empty()) throw InvalidInput(client_.backend() + ": a sender name is required");
  // The same check as every message's sender.
  try {
    validate(SmsMessage{IdempotencyKey::parse("sender-check"), "+46700000000", sender_, "-"});
  } catch (const InvalidInput& e) {
    throw InvalidInput(client_.backend() + ": " + e.what());
  }
}

OrderReceipt RestSmsGateway::send(const SmsMessage& message) {
  SmsMessage sent = message;
  if (sent.sender.empty()) sent.sender = sender_;
  validate(sent);
  auto json = json_object();
  json->set("to", sent.to);
  json->set("from", sent.sender);
  json->set("text", sent.text);
  return client_.place_order("/messages", http::to_json(*json), sent.idempotency_key, "messageId",
                             RestClient::On404::kUnavailable);
}

}  // namespace samverkan::adapters::sms_rest
