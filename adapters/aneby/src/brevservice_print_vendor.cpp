#include "samverkan/adapters/aneby/brevservice_print_vendor.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <set>
#include <sstream>

#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::adapters::aneby {
namespace {

constexpr std::string_view kBackend = "Aneby's print vendor";

using Object = Poco::JSON::Object::Ptr;

Object new_object() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Object parse(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    const auto result = parser.parse(body);
    if (result.type() == typeid(Object)) {
      auto object = result.extract<Object>();
      if (object) return object;
    }
  } catch (const Poco::Exception&) {
    // reported below
  }
  throw Unavailable(std::string(kBackend) + " answered with malformed JSON");
}

std::string string_member(const Object& object, const std::string& name) {
  if (!object || !object->has(name) || !object->get(name).isString()) return {};
  return object->getValue<std::string>(name);
}

std::string required(const Object& object, const std::string& name) {
  std::string value = string_member(object, name);
  if (value.empty()) throw Unavailable(std::string(kBackend) + " answered without " + name);
  return value;
}

std::string sha256_hex(const std::string& data) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(data);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string base64(const std::string& data) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << data;
  encoder.close();
  return out.str();
}

std::string encode_query_value(std::string_view value) { return encode_path_segment(value); }

}  // namespace

BrevservicePrintVendor::BrevservicePrintVendor(RestApiSettings settings, std::string customer)
    : customer_(std::move(customer)), client_(std::move(settings), std::string(kBackend)) {
  if (customer_.empty()) throw InvalidInput(std::string(kBackend) + ": a customer number is required");
}

OrderReceipt BrevservicePrintVendor::submit(const PrintJob& job) {
  validate(job);
  const std::string digest = sha256_hex(job.pdf);
  auto letter = new_object();
  letter->set("externalId", job.idempotency_key.str());
  letter->set("customer", customer_);
  letter->set("title", job.document_title);
  letter->set("reference", job.sender_reference);
  letter->set("postage", job.postage == PostageClass::kFirstClass ? "A" : "B");
  letter->set("duplex", job.duplex);
  letter->set("color", job.colour);
  auto recipient = new_object();
  recipient->set("name", job.recipient.name);
  recipient->set("co", job.recipient.care_of);
  recipient->set("address1", job.recipient.street_lines.at(0));
  recipient->set("address2", job.recipient.street_lines.size() > 1 ? job.recipient.street_lines[1] : std::string());
  recipient->set("zip", normalised_postal_code(job.recipient.postal_code));
  recipient->set("city", job.recipient.city);
  recipient->set("country", job.recipient.country_code);
  letter->set("recipient", recipient);
  auto document = new_object();
  document->set("format", "pdf");
  document->set("sha256", digest);
  document->set("base64", base64(job.pdf));
  letter->set("document", document);

  const RestResponse response = client_.send("POST", "/letters", http::to_json(*letter));
  if (response.status == 201 || response.status == 200) {
    return OrderReceipt{required(parse(response.body), "letterId"), false};
  }
  bool duplicate = false;
  if (response.status == 409) {
    try {
      duplicate = string_member(parse(response.body), "code") == "DUPLICATE_EXTERNAL_ID";
    } catch (const Unavailable&) {
      duplicate = false;  // a 409 without the vendor's body: an ordinary conflict
    }
  }
  if (!duplicate) {
    client_.raise_for_status(response, RestClient::On404::kUnavailable);
    throw Unavailable(std::string(kBackend) + " answered " + std::to_string(response.status));  // another 2xx
  }
  // A letter with this externalId exists: ours from an earlier attempt, or a different one.
  const auto found = parse(client_
                               .call("GET", "/letters?externalId=" + encode_query_value(job.idempotency_key.str()), {},
                                     {}, RestClient::On404::kUnavailable)
                               .body);
  const auto letters = found->getArray("letters");
  if (!letters || letters->size() == 0) {
    throw Unavailable(std::string(kBackend) + " reported a duplicate letter but cannot find it");
  }
  const auto existing = letters->getObject(0);
  if (string_member(existing, "documentSha256") != digest) {
    throw Conflict(std::string(kBackend) + ": the idempotency key was already used for a different letter");
  }
  return OrderReceipt{required(existing, "letterId"), true};
}

OrderReceipt BrevservicePrintVendor::submit_manifest(const PrintBatchManifest& manifest) {
  validate(manifest);
  auto batch = new_object();
  batch->set("batchId", manifest.batch_id);
  batch->set("customer", customer_);
  batch->set("date", manifest.date);
  batch->set("sender", manifest.sender_name);
  batch->set("count", static_cast<Poco::UInt64>(manifest.count));
  Poco::JSON::Array::Ptr letters = new Poco::JSON::Array;
  std::set<std::string> ours;
  for (const auto& letter : manifest.letters) {
    auto item = new_object();
    item->set("letterId", letter.job_id);
    item->set("externalRef", letter.letter_id);
    item->set("title", letter.document_title);
    letters->add(item);
    ours.insert(letter.job_id);
  }
  batch->set("letters", letters);

  const RestResponse response = client_.send("POST", "/batches", http::to_json(*batch));
  if (response.status == 201 || response.status == 200) {
    return OrderReceipt{required(parse(response.body), "batchId"), false};
  }
  bool duplicate = false;
  if (response.status == 409) {
    try {
      duplicate = string_member(parse(response.body), "code") == "DUPLICATE_BATCH";
    } catch (const Unavailable&) {
      duplicate = false;  // a 409 without the vendor's body: an ordinary conflict
    }
  }
  if (!duplicate) {
    client_.raise_for_status(response, RestClient::On404::kUnavailable);
    throw Unavailable(std::string(kBackend) + " answered " + std::to_string(response.status));  // another 2xx
  }
  // A batch with this id exists: ours from an earlier attempt, or one with other letters.
  const auto existing = parse(
      client_.call("GET", "/batches/" + encode_path_segment(manifest.batch_id), {}, {}, RestClient::On404::kUnavailable)
          .body);
  const auto ids = existing->getArray("letterIds");
  if (!ids) throw Unavailable(std::string(kBackend) + " answered a batch without its letterIds");
  std::set<std::string> theirs;
  for (std::size_t i = 0; i < ids->size(); ++i) {
    if (!ids->get(static_cast<unsigned>(i)).isString()) {
      throw Unavailable(std::string(kBackend) + " answered a batch with a malformed letterId");
    }
    theirs.insert(ids->getElement<std::string>(static_cast<unsigned>(i)));
  }
  if (theirs != ours) {
    throw Conflict(std::string(kBackend) + ": the print batch " + manifest.batch_id +
                   " was already handed over with other letters");
  }
  return OrderReceipt{required(existing, "batchId"), true};
}

PrintJobState BrevservicePrintVendor::job_status(std::string_view job_id) {
  if (job_id.empty()) throw InvalidInput("job id is empty");
  const auto answer = parse(client_.call("GET", "/letters/" + encode_path_segment(job_id)).body);
  const std::string status = required(answer, "status");
  PrintJobState state{required(answer, "letterId"), PrintJobStatus::kQueued, string_member(answer, "message")};
  if (status == "received" || status == "printed") {
    state.status = PrintJobStatus::kAccepted;
  } else if (status == "posted") {
    state.status = PrintJobStatus::kPosted;
  } else if (status == "rejected") {
    state.status = PrintJobStatus::kRejected;
  } else {
    throw Unavailable(std::string(kBackend) + " answered with the unknown status '" + status.substr(0, 40) + "'");
  }
  return state;
}

}  // namespace samverkan::adapters::aneby
