#include "samverkan/adapters/print_folder/folder_print_vendor.hpp"

#include "samverkan/adapters/json_answer.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::adapters::print_folder {

FolderPrintVendor::FolderPrintVendor(OutboxSettings settings, std::string customer, std::string backend)
    : customer_(std::move(customer)), outbox_(std::move(settings), std::move(backend)) {}

OrderReceipt FolderPrintVendor::submit(const PrintJob& job) {
  validate(job);
  const std::string id = "print-" + job.idempotency_key.str();
  auto manifest = json_object();
  manifest->set("jobId", id);
  manifest->set("customer", customer_);
  manifest->set("documentTitle", job.document_title);
  manifest->set("senderReference", job.sender_reference);
  auto document = json_object();
  document->set("file", "letter.pdf");
  document->set("bytes", static_cast<Poco::UInt64>(job.pdf.size()));
  document->set("sha256", crypto::sha256_hex(job.pdf));
  manifest->set("document", document);
  auto recipient = json_object();
  recipient->set("name", job.recipient.name);
  if (!job.recipient.care_of.empty()) recipient->set("careOf", job.recipient.care_of);
  Poco::JSON::Array::Ptr street = new Poco::JSON::Array;
  for (const auto& line : job.recipient.street_lines) street->add(line);
  recipient->set("street", street);
  recipient->set("postalCode", normalised_postal_code(job.recipient.postal_code));
  recipient->set("city", job.recipient.city);
  recipient->set("country", job.recipient.country_code);
  manifest->set("recipient", recipient);
  manifest->set("postage", std::string(to_string(job.postage)));
  manifest->set("duplex", job.duplex);
  manifest->set("colour", job.colour);
  return outbox_.deliver_folder(
      id, {OutboxFile{"letter.pdf", job.pdf}, OutboxFile{"manifest.json", http::to_json(*manifest) + "\n"}});
}

OrderReceipt FolderPrintVendor::submit_manifest(const PrintBatchManifest& manifest) {
  validate(manifest);
  auto out = json_object();
  out->set("batchId", manifest.batch_id);
  out->set("customer", customer_);
  out->set("municipality", manifest.municipality);
  out->set("date", manifest.date);
  out->set("sender", manifest.sender_name);
  out->set("count", static_cast<Poco::UInt64>(manifest.count));
  Poco::JSON::Array::Ptr letters = new Poco::JSON::Array;
  for (const auto& letter : manifest.letters) {
    auto item = json_object();
    item->set("letterId", letter.letter_id);
    item->set("jobId", letter.job_id);
    item->set("documentTitle", letter.document_title);
    letters->add(item);
  }
  out->set("letters", letters);
  return outbox_.deliver_file("batch-" + manifest.batch_id, ".json", http::to_json(*out) + "\n");
}

PrintJobState FolderPrintVendor::job_status(std::string_view job_id) {
  const std::string id(job_id);
  const OutboxItemStatus item = outbox_.status(id);
  switch (item.state) {
    case OutboxItemState::kQueued:
      return PrintJobState{id, PrintJobStatus::kQueued, {}};
    case OutboxItemState::kPickedUp:
      return PrintJobState{id, PrintJobStatus::kAccepted, {}};
    case OutboxItemState::kReceipted:
      break;
  }
  if (item.receipt_status == "accepted") return PrintJobState{id, PrintJobStatus::kAccepted, item.receipt_message};
  if (item.receipt_status == "posted") return PrintJobState{id, PrintJobStatus::kPosted, item.receipt_message};
  if (item.receipt_status == "rejected") return PrintJobState{id, PrintJobStatus::kRejected, item.receipt_message};
  throw Unavailable(outbox_.backend() + ": a receipt has the unknown status '" + item.receipt_status.substr(0, 40) +
                    "'");
}

}  // namespace samverkan::adapters::print_folder
