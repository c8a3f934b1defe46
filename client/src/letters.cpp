#include "samverkan/client/letters.hpp"

#include <Poco/JSON/Array.h>

#include <sstream>
#include <string_view>
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

// A bulk request's body around its letters, joined by commas: {"letters":[a,b,c]}.
constexpr std::string_view kBodyOpen = R"({"letters":[)";
constexpr std::string_view kBodyClose = "]}";
constexpr std::size_t kEnvelopeBytes = kBodyOpen.size() + kBodyClose.size();

// Adds an accepted batch to what send_bulk_all did, then tells the caller.
void record(BulkSent& sent, const Batch& batch, BatchAccepted accepted, std::size_t total,
            const BatchCallback& on_batch) {
  BatchSent report;
  report.batch_id = accepted.batch_id;
  report.created = accepted.created;
  report.replayed = accepted.replayed;
  report.bytes = batch.bytes;
  report.indices.reserve(batch.letters.size());
  for (const auto& letter : batch.letters) report.indices.push_back(letter.index);
  sent.batch_ids.push_back(accepted.batch_id);
  sent.created += accepted.created;
  sent.replayed += accepted.replayed;
  sent.letters.insert(sent.letters.end(), accepted.letters.begin(), accepted.letters.end());
  report.letters = std::move(accepted.letters);
  report.done = sent.letters.size();
  report.total = total;
  if (on_batch) on_batch(report);
}

}  // namespace

// --- Batches ------------------------------------------------------------------------------------

std::string Batch::body() const {
  std::string out;
  out.reserve(bytes);
  out += kBodyOpen;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if (i != 0) out += ',';
    out += letters[i].json;
  }
  out += kBodyClose;
  return out;
}

LetterTooLarge::LetterTooLarge(std::size_t index, std::string client_request_id, std::size_t bytes, std::size_t limit)
    : UsageError("the letter at index " + std::to_string(index) + " (clientRequestId " + client_request_id + ") is " +
                 std::to_string(bytes) + " bytes as a bulk request alone, more than a bulk request may be (" +
                 std::to_string(limit) + " bytes); make it smaller or send it with Letters::send"),
      index_(index),
      client_request_id_(std::move(client_request_id)),
      bytes_(bytes),
      limit_(limit) {}

BatchPlanner::BatchPlanner(BatchLimits limits) : limits_(limits) {
  if (limits_.max_letters == 0 || limits_.max_letters > kMaxBatchLetters) {
    throw UsageError("BatchLimits::max_letters is 1.." + std::to_string(kMaxBatchLetters) + " (got " +
                     std::to_string(limits_.max_letters) + ")");
  }
  if (limits_.max_bytes <= kEnvelopeBytes) {
    throw UsageError("BatchLimits::max_bytes leaves no room for a letter (got " + std::to_string(limits_.max_bytes) +
                     ")");
  }
}

std::optional<Batch> BatchPlanner::add(const Letter& letter) {
  PreparedLetter prepared = Letters::prepare(letter, added_);
  const std::size_t alone = kEnvelopeBytes + prepared.json.size();
  if (alone > limits_.max_bytes) {
    throw LetterTooLarge(added_, prepared.client_request_id, alone, limits_.max_bytes);
  }
  ++added_;
  std::optional<Batch> complete;
  // Too large to join the batch being filled: that batch is complete, the letter starts the
  // next. (The batch never holds max_letters here: one that reaches them is returned at once.)
  if (!filling_.letters.empty() && filling_.bytes + 1 + prepared.json.size() > limits_.max_bytes) {
    complete = std::move(filling_);
    filling_ = Batch{};
  }
  filling_.bytes = filling_.letters.empty() ? alone : filling_.bytes + 1 + prepared.json.size();
  filling_.letters.push_back(std::move(prepared));
  if (!complete && filling_.letters.size() >= limits_.max_letters) {
    complete = std::move(filling_);
    filling_ = Batch{};
  }
  return complete;
}

std::optional<Batch> BatchPlanner::finish() {
  if (filling_.letters.empty()) return std::nullopt;
  std::optional<Batch> last = std::move(filling_);
  filling_ = Batch{};
  return last;
}

// --- Letters ------------------------------------------------------------------------------------

Letters::Letters(Client& client, const std::string& kommunkod)
    : client_(client), base_(detail::municipality_path(kommunkod) + "/messages") {}

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

PreparedLetter Letters::prepare(const Letter& letter, std::size_t index) {
  PreparedLetter prepared;
  prepared.index = index;
  prepared.client_request_id = letter.client_request_id ? *letter.client_request_id : Client::new_idempotency_key();
  std::ostringstream text;
  to_json(letter, prepared.client_request_id).stringify(text);
  prepared.json = text.str();
  return prepared;
}

std::vector<Batch> Letters::plan_batches(const std::vector<Letter>& letters, const BatchLimits& limits) {
  BatchPlanner planner(limits);
  std::vector<Batch> plan;
  for (const auto& letter : letters) {
    if (auto batch = planner.add(letter)) plan.push_back(std::move(*batch));
  }
  if (auto batch = planner.finish()) plan.push_back(std::move(*batch));
  return plan;
}

BatchAccepted Letters::send_bulk(const std::vector<Letter>& letters) {
  if (letters.empty()) throw UsageError("a bulk request has at least one letter");
  Batch batch;
  batch.bytes = kEnvelopeBytes + letters.size() - 1;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    batch.letters.push_back(prepare(letters[i], i));
    batch.bytes += batch.letters.back().json.size();
  }
  return send_batch(batch);
}

BulkSent Letters::send_bulk_all(const std::vector<Letter>& letters, const BatchLimits& limits,
                                const BatchCallback& on_batch) {
  const auto plan = plan_batches(letters, limits);  // a letter too large: before anything is sent
  BulkSent sent;
  sent.letters.reserve(letters.size());
  for (const auto& batch : plan) record(sent, batch, send_batch(batch), letters.size(), on_batch);
  return sent;
}

BulkSent Letters::send_bulk_all(const LetterSource& next, std::size_t total, const BatchLimits& limits,
                                const BatchCallback& on_batch) {
  if (!next) throw UsageError("send_bulk_all: no letter source");
  BatchPlanner planner(limits);
  BulkSent sent;
  while (auto letter = next()) {
    if (auto batch = planner.add(*letter)) record(sent, *batch, send_batch(*batch), total, on_batch);
  }
  if (auto batch = planner.finish()) record(sent, *batch, send_batch(*batch), total, on_batch);
  return sent;
}

BatchAccepted Letters::send_batch(const Batch& batch) {
  if (batch.letters.empty()) throw UsageError("a bulk request has at least one letter");
  Poco::JSON::Object::Ptr answer;
  try {
    // Each letter is keyed by its clientRequestId, so the batch may be sent again as it is.
    answer = client_
                 .call(Request{.method = "POST",
                               .path = base_ + "/bulk",
                               .body = batch.body(),
                               .content_type = "application/json",
                               .idempotency_key = Client::new_idempotency_key(),
                               .authenticated = true})
                 .json();
  } catch (const CredentialsRefused&) {
    throw;
  } catch (const ApiError& e) {
    if (e.field_errors().empty()) throw;
    // The refused letters by their positions among the letters given, not in this request.
    Problem problem = e.problem();
    for (auto& error : problem.errors) {
      if (!error.index) continue;
      if (*error.index < batch.letters.size()) {
        error.index = batch.letters[*error.index].index;
      } else {
        error.index.reset();  // not a letter of this request: its clientRequestId (if any) says which
      }
    }
    throw_problem(std::move(problem));
  }
  BatchAccepted accepted;
  accepted.batch_id = detail::text(*answer, "batchId");
  accepted.created = count(*answer, "created");
  accepted.replayed = count(*answer, "replayed");
  const auto items = detail::array(*answer, "letters");
  for (std::size_t i = 0; i < items->size(); ++i) accepted.letters.push_back(state_of(*detail::element(*items, i)));
  if (accepted.letters.size() != batch.letters.size()) {
    throw ProtocolError("the server accepted " + std::to_string(accepted.letters.size()) + " letters of " +
                        std::to_string(batch.letters.size()));
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
