#pragma once
/// PropertyAccess through an order folder: for property systems that import access-card orders
/// as JSON files from a folder (an import share polled by the card system's integration). Shared
/// by every municipality whose property owner works this way; the settings say which folder.
///
/// Order files (UTF-8 JSON, one order each, written atomically, see outbox_folder.hpp):
///   card-<key>.json    {"type": "access-card-order", "orderId": "card-<key>", "municipality": "0199",
///                       "holder": {"name": "...", "employmentId": "..."}, "zones": ["..."],
///                       "validFrom": "2026-08-17", "validUntil": "2027-08-16" (or absent),
///                       "costCentre": "...", "pickupLocation": "..."}
///   revoke-<key>.json  {"type": "access-card-revocation", "orderId": "revoke-<key>", "municipality": "0199",
///                       "employmentId": "...", "effectiveDate": "2026-12-31", "reason": "..."}
/// Receipts the property system leaves in the receipts folder as <orderId>.json:
///   {"status": "received" | "done" | "rejected", "message": "..."}

#include <string>
#include <string_view>

#include "samverkan/adapters/outbox_folder.hpp"
#include "samverkan/adapters/property_access.hpp"
#include "samverkan/ids/kommunkod.hpp"

namespace samverkan::adapters::access_card_folder {

class OutboxPropertyAccess final : public PropertyAccess {
 public:
  /// `backend` names the property system in messages ("Exempelby's property access system (access-card-folder)").
  OutboxPropertyAccess(OutboxSettings settings, ids::Kommunkod municipality, std::string backend);

  /// Validates (see validate(const AccessCardOrder&)) and writes card-<key>.json.
  OrderReceipt order_card(const AccessCardOrder& order) override;
  /// Validates and writes revoke-<key>.json.
  OrderReceipt revoke_cards(const AccessCardRevocation& revocation) override;
  /// kQueued while the file waits in the folder, kInProgress once picked up or receipted
  /// "received", kDone or kRejected by receipt. Throws samverkan::Unavailable for a receipt
  /// with an unknown status.
  AccessOrderState status(std::string_view order_id) override;

 private:
  ids::Kommunkod municipality_;
  OutboxFolder outbox_;
};

}  // namespace samverkan::adapters::access_card_folder
