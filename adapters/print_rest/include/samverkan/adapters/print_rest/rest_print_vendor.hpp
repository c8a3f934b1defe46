#pragma once
/// A print-and-post vendor reached over its REST/JSON API (for a member with a contract of its
/// own rather than a cooperation's drop folder); product print-rest (register.hpp):
///
///   POST {base}/letters   Authorization: Bearer <token>
///     {"externalId": "<key>", "customer": "...", "title": "...", "reference": "...",
///      "postage": "A" | "B", "duplex": true, "color": false,
///      "recipient": {"name", "co", "address1", "address2", "zip": "12345", "city", "country": "SE"},
///      "document": {"format": "pdf", "sha256": "...", "base64": "..."}}
///     201 {"letterId": "L-17", "status": "received"}
///     409 {"code": "DUPLICATE_EXTERNAL_ID"}     this externalId exists already
///     422 {"message": "..."}                    refused
///   GET {base}/letters?externalId=<key>   -> {"letters": [{"letterId", "status", "documentSha256"}]}
///   GET {base}/letters/{letterId}         -> {"letterId", "status": "received" | "printed" |
///                                             "posted" | "rejected", "message": "..."}
///
///   POST {base}/batches   the manifest of a day's print batch (its letters were posted before)
///     {"batchId": "0199-2026-11-22", "customer": "...", "date": "2026-11-22",
///      "sender": "Exempelby kommun", "count": 2,
///      "letters": [{"letterId": "L-17", "externalRef": "<our letter id>", "title": "..."}, ...]}
///     201 {"batchId": "0199-2026-11-22", "status": "received"}
///     409 {"code": "DUPLICATE_BATCH"}           this batchId exists already
///     422 {"message": "..."}                    refused (e.g. a letterId the vendor does not know)
///   GET {base}/batches/{batchId}          -> {"batchId", "status", "letterIds": ["L-17", ...]}
///
/// Idempotency: the vendor has no idempotency keys but refuses a second letter with the same
/// externalId. On that refusal the adapter looks the letter up by externalId: the same document
/// (by SHA-256) is a replay and returns the first letter's id; another document is a
/// samverkan::Conflict. The document's digest identifies the job because the address is printed
/// from the PDF itself (window envelopes); the recipient fields only steer sorting. A batch is
/// handled alike: on DUPLICATE_BATCH the adapter reads the batch back, and the same letters (as
/// a set of letterIds) are a replay, other letters a samverkan::Conflict.

#include <string>
#include <string_view>

#include "samverkan/adapters/print_vendor.hpp"
#include "samverkan/adapters/rest_client.hpp"

namespace samverkan::adapters::print_rest {

class RestPrintVendor final : public PrintVendor {
 public:
  /// `customer` is the member's customer number at the vendor; `backend` names the vendor in
  /// messages ("Exempelby's print vendor (print-rest)"). Throws samverkan::InvalidInput for an
  /// empty customer and bad settings (see RestClient).
  RestPrintVendor(RestApiSettings settings, std::string customer, std::string backend = "the print vendor");

  OrderReceipt submit(const PrintJob& job) override;
  PrintJobState job_status(std::string_view job_id) override;
  /// POST /batches (see above); the receipt's id is the vendor's batchId. 422 is
  /// samverkan::InvalidInput, a vendor that cannot be reached samverkan::Unavailable.
  OrderReceipt submit_manifest(const PrintBatchManifest& manifest) override;

 private:
  std::string customer_;
  RestClient client_;
};

}  // namespace samverkan::adapters::print_rest
