#include "samverkan/client/letters.hpp"

#include <Poco/JSON/Array.h>

#include <utility>

#include "json_reading.hpp"

namespace samverkan::client {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

LetterState state_of(const Object& item) {
  LetterState state;
  state.id = detail::text(item, "id");
  state.client_request_id = detail::optional_text(item, "clientRequestId").value_or("");
  state.status = detail::text(item, "status");
  if (item.has("attempts")) state.attempts = static_cast<int>(detail::integer(item, "attempts"));
  if (item.has("created")) state.created = detail::boolean(item, "created", true);
  if (const auto op = item.getObject("operator")) {
    state.operator_id = detail::optional_text(*op, "id");
    state.operator_name = detail::optional_text(*op, "name");
  }
  state.trans_id = detail::optional_text(item, "transId");
  state.print_batch = detail::optional_text(item, "printBatch");
  state.print_job = detail::optional_text(item, "printJob");
  state.reason = detail::optional_text(item, "reason");
  if (item.has("index")) state.index = static_cast<std::size_t>(detail::integer(item, "index"));
  return state;
}

std::size_t count(const Object& object, const std::string& name) {
  return static_cast<std::size_t>(detail::integer(object, name));
}

}  // namespace

Letters::Letters(Client& client, const std::string& kommunkod)
    : client_(client), base_("/api/v1/municipalities/" + url_encode(kommunkod) + "/messages") {}

Object Letters::to_json(const Letter& letter, const std::string& client_request_id) {
  Object out;
  out.set("clientRequestId", client_request_id);
  out.set("recipient", letter.recipient);
  out.set("subject", letter.subject);
  out.set("body", letter.body);
  out.set("bodyType", letter.body_type);
  Object support;
  support.set("text", letter.support_text);
  out.set("support", support);
  if (letter.reference) out.set("reference", *letter.reference);
  if (letter.case_number) out.set("caseNumber", *letter.case_number);
  if (!letter.attachments.empty()) {
    Array attachments;
    for (const auto& file : letter.attachments) {
      Object attachment;
      attachment.set("filename", file.filename);
      attachment.set("content", detail::base64(file.content));
      attachments.add(attachment);
    }
    out.set("attachments", attachments);
  }
  if (letter.postal_address) {
    const auto& a = *letter.postal_address;
    Object address;
    address.set("name", a.name);
    if (a.care_of) address.set("careOf", *a.care_of);
    Array street;
    for (const auto& line : a.street) street.add(line);
    address.set("street", street);
    address.set("postalCode", a.postal_code);
    address.set("city", a.city);
    out.set("postalAddress", address);
  }
  return out;
}

LetterState Letters::send(const Letter& letter) {
  const std::string id = letter.client_request_id.value_or(Client::new_idempotency_key());
  return state_of(*client_.send_json("POST", base_, to_json(letter, id), id));
}

BatchAccepted Letters::send_bulk(const std::vector<Letter>& letters) {
  if (letters.empty()) throw UsageError("a bulk request has at least one letter");
  Array list;
  for (const auto& letter : letters) {
    list.add(to_json(letter, letter.client_request_id.value_or(Client::new_idempotency_key())));
  }
  Object body;
  body.set("letters", list);
  // Each letter is keyed by its clientRequestId, so the batch may be sent again as it is.
  const auto answer = client_.send_json("POST", base_ + "/bulk", body, Client::new_idempotency_key());
  BatchAccepted accepted;
  accepted.batch_id = detail::text(*answer, "batchId");
  accepted.created = count(*answer, "created");
  accepted.replayed = count(*answer, "replayed");
  const auto items = detail::array(*answer, "letters");
  for (std::size_t i = 0; i < items->size(); ++i) accepted.letters.push_back(state_of(*detail::element(*items, i)));
  if (accepted.letters.size() != letters.size()) {
    throw ProtocolError("the server accepted " + std::to_string(accepted.letters.size()) + " letters of " +
                        std::to_string(letters.size()));
  }
  return accepted;
}

LetterState Letters::status(const std::string& id) { return state_of(*client_.get_json(base_ + "/" + url_encode(id))); }

BatchState Letters::batch(const std::string& batch_id) {
  const auto answer = client_.get_json(base_ + "/bulk/" + url_encode(batch_id));
  BatchState state;
  state.id = detail::text(*answer, "id");
  state.created_at = detail::optional_text(*answer, "createdAt").value_or("");
  state.total = count(*answer, "total");
  const auto counts = detail::object(*answer, "counts");
  state.queued = count(*counts, "queued");
  state.delivered = count(*counts, "delivered");
  state.paper = count(*counts, "paper");
  state.failed = count(*counts, "failed");
  const auto items = detail::array(*answer, "letters");
  for (std::size_t i = 0; i < items->size(); ++i) state.letters.push_back(state_of(*detail::element(*items, i)));
  return state;
}

}  // namespace samverkan::client
