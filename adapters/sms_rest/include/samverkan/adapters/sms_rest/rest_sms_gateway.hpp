#pragma once
/// SmsGateway over a generic SMS gateway REST/JSON API, the shape most Swedish SMS aggregators
/// offer (and tests/adapters/sms_simulator.hpp speaks):
///
///   POST {base}/messages                  Authorization: Bearer <API key>
///                                         Idempotency-Key: <key>
///     {"to": "+46701234567", "from": "Exempelby", "text": "..."}
///     201 {"messageId": "SMS-1001"}   accepted for delivery
///     200 {"messageId": "SMS-1001"}   this key was sent before with the same body (a replay)
///     409                            this key was used for a different body
///     400 / 422 {"message": "..."}   refused (a number the gateway cannot deliver to, ...)
///     401 / 403                      the API key was refused; 429 / 5xx: try later
///
/// The API key is read from the restApi tokenFile (a secrets file, never the cooperation file)
/// for every request, so a rotated key is used without a restart.

#include <string>

#include "samverkan/adapters/rest_client.hpp"
#include "samverkan/adapters/sms_gateway.hpp"

namespace samverkan::adapters::sms_rest {

class RestSmsGateway final : public SmsGateway {
 public:
  /// `sender` is the default sender name for messages that give none; `backend` names the
  /// gateway in messages. Throws samverkan::InvalidInput for bad settings (see RestClient) or a
  /// sender name that is not 1..11 characters A-Z a-z 0-9.
  RestSmsGateway(RestApiSettings settings, std::string sender, std::string backend);

  OrderReceipt send(const SmsMessage& message) override;

  const std::string& sender() const noexcept { return sender_; }

 private:
  std::string sender_;
  RestClient client_;
};

}  // namespace samverkan::adapters::sms_rest
