#include "samverkan/adapters/print_rest/rest_print_vendor.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <set>

#include "samverkan/adapters/json_answer.hpp"
#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::adapters::print_rest {
namespace {

using Object = Poco::JSON::Object::Ptr;

std::string string_member(const Object& object, const std::string& name) {
  return optional_string(object, name).value_or("");
}

std::string encode_query_value(std::string_view value) { return encode_path_segment(value); }

}  // namespace

RestPrintVendor::RestPrintVendor(RestApiSettings settings, std::string customer, std::string backend)
    : customer_(std::move(customer)), client_(std::move(settings), std::move(backend)) {
  if (customer_.empty()) throw InvalidInput(client_.backend() + ": a customer number is required");
}

OrderReceipt RestPrintVendor::submit(const PrintJob& job) {
  validate(job);
  const std::string digest = crypto::sha256_hex(job.pdf);
  auto letter = json_object();
  letter->set("externalId", job.idempotency_key.str());
  letter->set("customer", customer_);
  letter->set("title", job.document_title);
  letter->set("reference", job.sender_reference);
  letter->set("postage", job.postage == PostageClass::kFirstClass ? "A" : "B");
  letter->set("duplex", job.duplex);
  letter->set("color", job.colour);
  auto recipient = json_object();
  recipient->set("name", job.recipient.name);
  recipient->set("co", job.recipient.care_of);
  recipient->set("address1", job.recipient.street_lines.at(0));
  recipient->set("address2", job.recipient.street_lines.size() > 1 ? job.recipient.street_lines[1] : std::string());
  recipient->set("zip", normalised_postal_code(job.recipient.postal_code));
  recipient->set("city", job.recipient.city);
  recipient->set("country", job.recipient.country_code);
  letter->set("recipient", recipient);
  auto document = json_object();
  document->set("format", "pdf");
  document->set("sha256", digest);
  document->set("base64", base64::encode(job.pdf));
  letter->set("document", document);

  const RestResponse response = client_.send("POST", "/letters", http::to_json(*letter));
  if (response.status == 201 || response.status == 200) {
    return OrderReceipt{
        required_string(parse_json_object(response.body, client_.backend()), "letterId", client_.backend()), false};
  }
  bool duplicate = false;
  if (response.status == 409) {
    try {
      duplicate = string_member(parse_json_object(response.body, client_.backend()), "code") == "DUPLICATE_EXTERNAL_ID";
    } catch (const Unavailable&) {
      duplicate = false;  // a 409 without the vendor's body: an ordinary conflict
    }
  }
  if (!duplicate) {
    client_.raise_for_status(response, RestClient::On404::kUnavailable);
    throw Unavailable(client_.backend() + " answered " + std::to_string(response.status));  // another 2xx
  }
  // A letter with this externalId exists: ours from an earlier attempt, or a different one.
  const auto found =
      parse_json_object(client_
                            .call("GET", "/letters?externalId=" + encode_query_value(job.idempotency_key.str()), {}, {},
                                  RestClient::On404::kUnavailable)
                            .body,
                        client_.backend());
  const auto letters = found->getArray("letters");
  if (!letters || letters->size() == 0) {
    throw Unavailable(client_.backend() + " reported a duplicate letter but cannot find it");
  }
  const auto existing = letters->getObject(0);
  if (string_member(existing, "documentSha256") != digest) {
    throw Conflict(client_.backend() + ": the idempotency key was already used for a different letter");
  }
  return OrderReceipt{required_string(existing, "letterId", client_.backend()), true};
}

OrderReceipt RestPrintVendor::submit_manifest(const PrintBatchManifest& manifest) {
  validate(manifest);
  auto batch = json_object();
  batch->set("batchId", manifest.batch_id);
  batch->set("customer", customer_);
  batch->set("date", manifest.date);
  batch->set("sender", manifest.sender_name);
  batch->set("count", static_cast<Poco::UInt64>(manifest.count));
  Poco::JSON::Array::Ptr letters = new Poco::JSON::Array;
  std::set<std::string> ours;
  for (const auto& letter : manifest.letters) {
    auto item = json_object();
    item->set("letterId", letter.job_id);
    item->set("externalRef", letter.letter_id);
    item->set("title", letter.document_title);
    letters->add(item);
    ours.insert(letter.job_id);
  }
  batch->set("letters", letters);

  const RestResponse response = client_.send("POST", "/batches", http::to_json(*batch));
  if (response.status == 201 || response.status == 200) {
    return OrderReceipt{
        required_string(parse_json_object(response.body, client_.backend()), "batchId", client_.backend()), false};
  }
  bool duplicate = false;
  if (response.status == 409) {
    try {
      duplicate = string_member(parse_json_object(response.body, client_.backend()), "code") == "DUPLICATE_BATCH";
    } catch (const Unavailable&) {
      duplicate = false;  // a 409 without the vendor's body: an ordinary conflict
    }
  }
  if (!duplicate) {
    client_.raise_for_status(response, RestClient::On404::kUnavailable);
    throw Unavailable(client_.backend() + " answered " + std::to_string(response.status));  // another 2xx
  }
  // A batch with this id exists: ours from an earlier attempt, or one with other letters.
  const auto existing = parse_json_object(
      client_.call("GET", "/batches/" + encode_path_segment(manifest.batch_id), {}, {}, RestClient::On404::kUnavailable)
          .body,
      client_.backend());
  const auto ids = existing->getArray("letterIds");
  if (!ids) throw Unavailable(client_.backend() + " answered a batch without its letterIds");
  std::set<std::string> theirs;
  for (std::size_t i = 0; i < ids->size(); ++i) {
    if (!ids->get(static_cast<unsigned>(i)).isString()) {
      throw Unavailable(client_.backend() + " answered a batch with a malformed letterId");
    }
    theirs.insert(ids->getElement<std::string>(static_cast<unsigned>(i)));
  }
  if (theirs != ours) {
    throw Conflict(client_.backend() + ": the print batch " + manifest.batch_id +
                   " was already handed over with other letters");
  }
  return OrderReceipt{required_string(existing, "batchId", client_.backend()), true};
}

PrintJobState RestPrintVendor::job_status(std::string_view job_id) {
  if (job_id.empty()) throw InvalidInput("job id is empty");
  const auto answer =
      parse_json_object(client_.call("GET", "/letters/" + encode_path_segment(job_id)).body, client_.backend());
  const std::string status = required_string(answer, "status", client_.backend());
  PrintJobState state{required_string(answer, "letterId", client_.backend()), PrintJobStatus::kQueued,
                      string_member(answer, "message")};
  if (status == "received" || status == "printed") {
    state.status = PrintJobStatus::kAccepted;
  } else if (status == "posted") {
    state.status = PrintJobStatus::kPosted;
  } else if (status == "rejected") {
    state.status = PrintJobStatus::kRejected;
  } else {
    throw Unavailable(client_.backend() + " answered with the unknown status '" + status.substr(0, 40) + "'");
  }
  return state;
}

}  // namespace samverkan::adapters::print_rest
