#pragma once
/// Aneby's print-and-post vendor, reached over the vendor's own REST/JSON API (Aneby kept its
/// contract when it joined Höglandets IT, so it does not use the cooperation's drop folder):
///
///   POST {base}/letters   Authorization: Bearer <token>
///     {"externalId": "<key>", "customer": "...", "title": "...", "reference": "...",
///      "postage": "A" | "B", "duplex": true, "color": false,
///      "recipient": {"name", "co", "address1", "address2", "zip": "57880", "city", "country": "SE"},
///      "document": {"format": "pdf", "sha256": "...", "base64": "..."}}
///     201 {"letterId": "L-17", "status": "received"}
///     409 {"code": "DUPLICATE_EXTERNAL_ID"}     this externalId exists already
///     422 {"message": "..."}                    refused
///   GET {base}/letters?externalId=<key>   -> {"letters": [{"letterId", "status", "documentSha256"}]}
///   GET {base}/letters/{letterId}         -> {"letterId", "status": "received" | "printed" |
///                                             "posted" | "rejected", "message": "..."}
///
/// Idempotency: the vendor has no idempotency keys but refuses a second letter with the same
/// externalId. On that refusal the adapter looks the letter up by externalId: the same document
/// (by SHA-256) is a replay and returns the first letter's id; another document is a
/// samverkan::Conflict. The document's digest identifies the job because the address is printed
/// from the PDF itself (window envelopes); the recipient fields only steer sorting.

#include <string>
#include <string_view>

#include "samverkan/adapters/print_vendor.hpp"
#include "samverkan/adapters/rest_client.hpp"

namespace samverkan::adapters::aneby {

class BrevservicePrintVendor final : public PrintVendor {
 public:
  /// `customer` is Aneby's customer number at the vendor.
  BrevservicePrintVendor(RestApiSettings settings, std::string customer);

  OrderReceipt submit(const PrintJob& job) override;
  PrintJobState job_status(std::string_view job_id) override;

 private:
  std::string customer_;
  RestClient client_;
};

}  // namespace samverkan::adapters::aneby
