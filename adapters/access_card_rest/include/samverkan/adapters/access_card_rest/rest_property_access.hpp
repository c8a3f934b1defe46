#pragma once
/// PropertyAccess over a small REST/JSON contract, for a property owner's access control (or
/// the integration platform in front of it) with a web API; product access-card-rest
/// (register.hpp). The contract (bodies JSON, UTF-8; the token from restApi tokenFile as a
/// bearer token; `tenant` identifies the member, by default its kommunkod):
///
///   POST {base}/card-orders             Idempotency-Key: <key>
///     {"tenant": "0199", "holder": {"name": "...", "employmentId": "..."}, "zones": ["..."],
///      "validFrom": "2026-08-17", "validUntil": "2027-08-16" (absent: open-ended),
///      "costCentre": "...", "pickupLocation": "..."}
///     201 {"orderId": "AC-17"}          placed
///     200 {"orderId": "AC-17"}          this key was placed before with the same body (a replay)
///     409                               this key was used for a different order
///     422 {"message": "..."}            refused (a zone the system does not know, ...)
///   POST {base}/card-revocations        Idempotency-Key: <key>
///     {"tenant": "0199", "employmentId": "...", "effectiveDate": "2026-12-31", "reason": "..."}
///     201 / 200 {"orderId": "AC-18"}, 409, 422 as above
///   GET {base}/orders/{orderId}
///     200 {"orderId": "AC-17", "status": "received" | "in-progress" | "done" | "rejected",
///          "message": "..."}            received: accepted, not yet worked on
///     404                               unknown order

#include <string>
#include <string_view>

#include "samverkan/adapters/property_access.hpp"
#include "samverkan/adapters/rest_client.hpp"

namespace samverkan::adapters::access_card_rest {

class RestPropertyAccess final : public PropertyAccess {
 public:
  /// `tenant` identifies the member at the property system; `backend` names the system in
  /// messages ("Exempelby's property access system (access-card-rest)"). Throws
  /// samverkan::InvalidInput for an empty tenant and bad settings (see RestClient).
  RestPropertyAccess(RestApiSettings settings, std::string tenant, std::string backend = "the property access system");

  OrderReceipt order_card(const AccessCardOrder& order) override;
  OrderReceipt revoke_cards(const AccessCardRevocation& revocation) override;
  AccessOrderState status(std::string_view order_id) override;

 private:
  std::string tenant_;
  RestClient client_;
};

}  // namespace samverkan::adapters::access_card_rest
