#pragma once
/// PrintVendor through a job folder: for print-and-post vendors that collect jobs from a drop
/// folder (typically an SFTP area mirrored to a local share). Each job is a folder holding the
/// letter and a manifest, renamed into place whole once complete:
///   print-<key>/letter.pdf
///   print-<key>/manifest.json
///     {"jobId": "print-<key>", "customer": "...", "documentTitle": "...", "senderReference": "...",
///      "document": {"file": "letter.pdf", "bytes": 12345, "sha256": "..."},
///      "recipient": {"name": "...", "careOf": "...", "street": ["..."], "postalCode": "12345",
///                    "city": "...", "country": "SE"},
///      "postage": "economy" | "first-class", "duplex": true, "colour": false}
/// Receipts the vendor leaves in the receipts folder as <jobId>.json:
///   {"status": "accepted" | "posted" | "rejected", "message": "..."}
/// The manifest of a day's print batch (its letters were handed over as jobs before), one file
/// written atomically as batch-<batchId>.json:
///   {"batchId": "0199-2026-11-22", "customer": "...", "municipality": "0199",
///    "date": "2026-11-22", "sender": "Exempelby kommun", "count": 2,
///    "letters": [{"letterId": "...", "jobId": "print-...", "documentTitle": "..."}, ...]}

#include <string>
#include <string_view>

#include "samverkan/adapters/outbox_folder.hpp"
#include "samverkan/adapters/print_vendor.hpp"

namespace samverkan::adapters::print_folder {

class FolderPrintVendor final : public PrintVendor {
 public:
  /// `customer` is the vendor's customer number for the municipality (it decides the invoice
  /// and the return address printed on the envelope).
  FolderPrintVendor(OutboxSettings settings, std::string customer, std::string backend);

  /// Validates (see validate(const PrintJob&)) and writes the job folder.
  OrderReceipt submit(const PrintJob& job) override;
  /// kQueued while the folder waits, kAccepted once picked up (or receipted "accepted"), then
  /// kPosted or kRejected by receipt.
  PrintJobState job_status(std::string_view job_id) override;
  /// Validates (see validate(const PrintBatchManifest&)) and writes batch-<batchId>.json; the
  /// receipt's id is "batch-<batchId>". The same manifest again is a replay; a different one
  /// under the same batch id is samverkan::Conflict.
  OrderReceipt submit_manifest(const PrintBatchManifest& manifest) override;

 private:
  std::string customer_;
  OutboxFolder outbox_;
};

}  // namespace samverkan::adapters::print_folder
