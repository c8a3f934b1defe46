#include "samverkan/mailbox/routes.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <memory>
#include <sstream>

#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/http/problem.hpp"
#include "samverkan/http/routes.hpp"
#include "samverkan/mailbox/bulk.hpp"
#include "samverkan/mailbox/mail_service.hpp"

namespace samverkan::mailbox {
namespace {

using Object = Poco::JSON::Object;

using security::Permission;

const std::string kBase = "/api/v1/municipalities/{kommunkod}/messages";

std::string text(const Object::Ptr& object, const std::string& name, const std::string& where) {
  if (!object->has(name) || object->isNull(name)) throw InvalidInput(where + name + ": required");
  const auto value = object->get(name);
  if (!value.isString()) throw InvalidInput(where + name + ": must be a string");
  return value.extract<std::string>();
}

std::optional<std::string> optional_text(const Object::Ptr& object, const std::string& name, const std::string& where) {
  if (!object->has(name) || object->isNull(name)) return std::nullopt;
  return text(object, name, where);
}

LetterRequest parse_letter(const Object::Ptr& object) {
  try {
    LetterRequest r;
    r.client_request_id = text(object, "clientRequestId", "");
    r.recipient = text(object, "recipient", "");
    if (object->has("protectedIdentity")) {
      const auto flag = object->get("protectedIdentity");
      if (!flag.isBoolean()) throw InvalidInput("protectedIdentity: must be true or false");
      r.protected_identity = flag.extract<bool>();
    }
    r.subject = text(object, "subject", "");
    r.body = text(object, "body", "");
    if (auto type = optional_text(object, "bodyType", "")) r.body_type = parse_body_type(*type);
    if (auto language = optional_text(object, "language", "")) r.language = *language;
    r.reference = optional_text(object, "reference", "");
    r.correlation_id = optional_text(object, "correlationId", "");
    r.case_number = optional_text(object, "caseNumber", "");
    const auto support = object->getObject("support");
    if (!support) throw InvalidInput("support: required (an object with text)");
    r.support.text = text(support, "text", "support.");
    r.support.url = optional_text(support, "url", "support.");
    r.support.phone_number = optional_text(support, "phoneNumber", "support.");
    r.support.email = optional_text(support, "email", "support.");
    if (const auto attachments = object->getArray("attachments")) {
      for (std::size_t i = 0; i < attachments->size(); ++i) {
        const std::string where = "attachments[" + std::to_string(i) + "].";
        const auto item = attachments->getObject(static_cast<unsigned>(i));
        if (!item) throw InvalidInput(where + ": must be an object");
        auto content = base64::decode(text(item, "content", where), base64::Whitespace::kSkipped);
        if (!content) throw InvalidInput(where + "content: must be base64");
        r.attachments.push_back(Attachment{text(item, "filename", where), std::move(*content)});
      }
    }
    if (const auto address = object->getObject("postalAddress")) {
      adapters::PostalAddress a;
      a.name = text(address, "name", "postalAddress.");
      a.care_of = optional_text(address, "careOf", "postalAddress.").value_or("");
      const auto street = address->getArray("street");
      if (!street) throw InvalidInput("postalAddress.street: required (an array of lines)");
      for (std::size_t i = 0; i < street->size(); ++i) {
        const auto line = street->get(static_cast<unsigned>(i));
        if (!line.isString()) throw InvalidInput("postalAddress.street: lines must be strings");
        a.street_lines.push_back(line.extract<std::string>());
      }
      a.postal_code = text(address, "postalCode", "postalAddress.");
      a.city = text(address, "city", "postalAddress.");
      if (auto country = optional_text(address, "country", "postalAddress.")) a.country_code = *country;
      r.postal_address = std::move(a);
    }
    return r;
  } catch (const Poco::Exception& e) {
    throw InvalidInput("the letter is not in the expected form: " + e.displayText());
  }
}

Object state_object(const LetterState& state, std::optional<bool> created = std::nullopt) {
  Object out;
  out.set("id", state.id);
  out.set("clientRequestId", state.client_request_id);
  out.set("status", std::string(to_string(state.status)));
  out.set("attempts", state.attempts);
  if (created) out.set("created", *created);
  if (state.operator_id) {
    Object op;
    op.set("id", *state.operator_id);
    op.set("name", state.operator_name.value_or(""));
    out.set("operator", op);
  }
  if (state.trans_id) out.set("transId", *state.trans_id);
  if (state.print_batch) out.set("printBatch", *state.print_batch);
  if (state.print_job) out.set("printJob", *state.print_job);
  if (state.failure_reason) out.set("reason", *state.failure_reason);
  return out;
}

std::string state_json(const LetterState& state, std::optional<bool> created = std::nullopt) {
  return http::to_json(state_object(state, created));
}

// The letters of a bulk request as read: those that could be read, each with its position in
// the request, and the problems of those that could not.
struct BulkRequest {
  std::vector<LetterRequest> letters;
  std::vector<std::size_t> positions;
  std::vector<BulkItemProblem> problems;
  std::size_t size = 0;
};

BulkRequest parse_bulk(const std::string& body) {
  const Object::Ptr object = http::parse_object(body);
  const auto letters = object->getArray("letters");
  if (!letters) throw InvalidInput("letters: required (an array of letters)");
  if (letters->size() > kMaxBulkLetters) {
    throw TooLarge("letters: at most " + std::to_string(kMaxBulkLetters) + " letters in one batch");
  }
  BulkRequest result;
  result.size = letters->size();
  for (std::size_t i = 0; i < letters->size(); ++i) {
    const auto item = letters->getObject(static_cast<unsigned>(i));
    std::string request_id;
    try {
      if (!item) throw InvalidInput("must be a JSON object");
      if (item->has("clientRequestId") && item->get("clientRequestId").isString()) {
        request_id = item->getValue<std::string>("clientRequestId");
      }
      result.letters.push_back(parse_letter(item));
      result.positions.push_back(i);
    } catch (const Error& e) {
      result.problems.push_back({i, request_id, e.kind(), e.what()});
    } catch (const Poco::Exception& e) {
      result.problems.push_back(
          {i, request_id, ErrorKind::kInvalidInput, "not in the expected form: " + e.displayText()});
    }
  }
  return result;
}

// Accepts a batch in ctx's transaction, or throws BulkRejected naming every refused letter: those
// that could not be read and those the service refuses (which are then checked too, in the
// transaction that is abandoned, so that one answer names them all).
BulkAccepted accept_bulk(BulkMail& bulk, tenancy::Context& ctx, BulkRequest request) {
  if (request.problems.empty()) return bulk.send(ctx, request.letters);
  std::vector<BulkItemProblem> problems = std::move(request.problems);
  if (!request.letters.empty()) {
    try {
      bulk.send(ctx, request.letters);
    } catch (const BulkRejected& e) {
      for (auto p : e.problems()) {
        p.index = request.positions.at(p.index);
        problems.push_back(std::move(p));
      }
    }
  }
  std::sort(problems.begin(), problems.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  throw BulkRejected(std::move(problems), request.size);
}

// The problem's extension for a refused batch: "errors" naming each refused letter.
Object bulk_errors(const BulkRejected& e) {
  Poco::JSON::Array errors;
  for (const auto& p : e.problems()) {
    Object item;
    item.set("index", p.index);
    if (!p.client_request_id.empty()) item.set("clientRequestId", p.client_request_id);
    item.set("status", http::status_for(p.kind));
    item.set("detail", p.detail);
    errors.add(item);
  }
  Object extensions;
  extensions.set("errors", errors);
  return extensions;
}

std::string batch_json(const BatchState& state) {
  Object out;
  out.set("id", state.id);
  out.set("createdAt", state.created_at);
  out.set("total", state.letters.size());
  Object counts;
  counts.set("queued", state.queued);
  counts.set("delivered", state.delivered);
  counts.set("paper", state.paper);
  counts.set("failed", state.failed);
  out.set("counts", counts);
  Poco::JSON::Array letters;
  for (const auto& letter : state.letters) {
    Object item = state_object(letter.state, letter.created);
    item.set("index", letter.index);
    letters.add(item);
  }
  out.set("letters", letters);
  return http::to_json(out);
}

// The services the routes call, made once per router.
struct Services {
  Services(const crypto::Keyring& keyring, jobs::JobQueue& queue) : mail(keyring, queue), bulk(keyring, queue) {}
  MailService mail;
  BulkMail bulk;
};

}  // namespace

void mount_routes(http::Router& router, const http::RouteServices& deps, const crypto::Keyring& keyring,
                  jobs::JobQueue& queue, const std::function<void()>& accepted) {
  auto s = std::make_shared<Services>(keyring, queue);
  http::Routes api(router, deps, kBase);
  // The permission is checked before the letters are read (an outsider hears 404 whatever the
  // body holds), with the event the service uses.
  api.add({"POST", "", Permission::kMailboxSend, http::CheckFirst{"mailbox.send", "mailbox_message", "new"}},
          [s, accepted](http::Call& c) {
            const Accepted result = s->mail.send(c.ctx(), parse_letter(c.body()));
            c.commit();  // before the worker is woken to deliver it
            if (result.created && accepted) accepted();
            auto response = http::Response::json(202, state_json(result.state, result.created));
            response.headers.emplace_back(
                "Location", "/api/v1/municipalities/" + c.municipality().code.str() + "/messages/" + result.id);
            return response;
          });
  api.add({"POST", "/bulk", Permission::kMailboxSend, http::CheckFirst{"mailbox.bulk", "mailbox_batch", "new"}},
          [s, accepted](http::Call& c) {
            BulkAccepted result;
            try {
              result = accept_bulk(s->bulk, c.ctx(), parse_bulk(c.request.body));
            } catch (const BulkRejected& e) {
              return c.problem(e.kind(), e.what(), bulk_errors(e));
            }
            c.commit();
            if (result.created > 0 && accepted) accepted();
            Object out;
            out.set("batchId", result.batch_id);
            out.set("created", result.created);
            out.set("replayed", result.letters.size() - result.created);
            Poco::JSON::Array letters;
            for (std::size_t i = 0; i < result.letters.size(); ++i) {
              const auto& letter = result.letters[i];
              Object item;
              item.set("index", i);
              item.set("id", letter.id);
              item.set("clientRequestId", letter.state.client_request_id);
              item.set("created", letter.created);
              item.set("status", std::string(to_string(letter.state.status)));
              letters.add(item);
            }
            out.set("letters", letters);
            auto response = http::json_response(202, out);
            response.headers.emplace_back("Location", "/api/v1/municipalities/" + c.municipality().code.str() +
                                                          "/messages/bulk/" + result.batch_id);
            return response;
          });
  api.add({"GET", "/bulk/{id}", Permission::kMailboxSend},
          [s](http::Call& c) { return http::Response::json(200, batch_json(s->bulk.status(c.ctx(), c.path("id")))); });
  api.add({"GET", "/{id}", Permission::kMailboxSend},
          [s](http::Call& c) { return http::Response::json(200, state_json(s->mail.status(c.ctx(), c.path("id")))); });
}

void describe_routes(http::OpenApi& api) {
  const std::string letter_schema =
      R"({"type":"object","required":["clientRequestId","recipient","subject","body","support"],
             "properties":{"clientRequestId":{"type":"string","pattern":"^[A-Za-z0-9._:-]{1,100}$"},
             "recipient":{"type":"string","description":"personnummer or samordningsnummer"},
             "protectedIdentity":{"type":"boolean","description":"skyddad identitet: never printed"},
             "subject":{"type":"string","minLength":1,"maxLength":255},"body":{"type":"string"},
             "bodyType":{"type":"string","enum":["text/plain","text/html"]},"language":{"type":"string"},
             "reference":{"type":"string"},"correlationId":{"type":"string"},
             "caseNumber":{"type":"string","description":"the case (diarienummer) the letter belongs to, e.g. \"KS 2026/142\": once the letter is delivered or printed it is registered on that case as an outgoing document through the municipality's case system, retried while the diary is down"},
             "support":{"type":"object","required":["text"],"properties":{"text":{"type":"string"},
               "url":{"type":"string"},"phoneNumber":{"type":"string"},"email":{"type":"string"}}},
             "attachments":{"type":"array","items":{"type":"object","required":["filename","content"],
               "properties":{"filename":{"type":"string"},"content":{"type":"string","contentEncoding":"base64",
               "contentMediaType":"application/pdf"}}}},
             "postalAddress":{"type":"object","required":["name","street","postalCode","city"],"properties":{
               "name":{"type":"string"},"careOf":{"type":"string"},"street":{"type":"array","items":{"type":"string"}},
               "postalCode":{"type":"string"},"city":{"type":"string"},"country":{"type":"string"}}}}})";
  constexpr const char* kState = R"({"type":"object","required":["id","clientRequestId","status","attempts"],
  "properties":{"id":{"type":"string","pattern":"^[0-9a-f]{32}$"},"clientRequestId":{"type":"string"},
  "status":{"type":"string","enum":["queued","delivered","paper","failed"]},"attempts":{"type":"integer"},
  "created":{"type":"boolean","description":"false when the clientRequestId had already been accepted"},
  "operator":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}}},
  "transId":{"type":"string"},"printBatch":{"type":"string"},"printJob":{"type":"string"},
  "reason":{"type":"string"}}})";
  api.add({.method = "POST",
           .path = "/api/v1/municipalities/{kommunkod}/messages",
           .operation_id = "sendMessage",
           .summary = "Send a letter to a citizen's digital mailbox (Mina meddelanden), or on paper",
           .description = "Accepted into the durable outbox (202 with the id and a Location); delivered in the "
                          "background: reachability, signed SecureDelivery to the mailbox operator, or the paper "
                          "route. The same clientRequestId with the same content returns the letter already "
                          "accepted and never sends twice; with other content it is 409.",
           .tag = "Digital mail",
           .security = http::ApiSecurity::kBearerOrSession,
           .scopes = {"mailbox:send"},
           .request_schema = letter_schema,
           .success_status = 202,
           .response_schema = kState,
           .errors = {400, 401, 403, 404, 409, 413}});
  // A letter of a batch: its state and its position in the request (inside "properties").
  std::string batch_letter = kState;
  batch_letter.insert(batch_letter.size() - 2, R"(,"index":{"type":"integer","description":"0-based"})");
  api.add({.method = "POST",
           .path = "/api/v1/municipalities/{kommunkod}/messages/bulk",
           .operation_id = "sendMessages",
           .summary = "Send up to 1,000 letters in one batch",
           .description = "Every letter is accepted as by sendMessage (its own clientRequestId: a letter already "
                          "accepted is replayed, never sent twice), all in one transaction: either the whole batch "
                          "is accepted (202 with the batch id, a Location, and each letter's id and whether it is "
                          "new) or nothing is. A refused batch is a problem whose errors member names each refused "
                          "letter by its index (0-based) and clientRequestId, with the status and the reason. At "
                          "most 1,000 letters, and at most the server's request size limit (1 MiB by default) in "
                          "all: larger sets are sent as several batches.",
           .tag = "Digital mail",
           .security = http::ApiSecurity::kBearerOrSession,
           .scopes = {"mailbox:send"},
           .request_schema = R"({"type":"object","required":["letters"],"properties":{"letters":{"type":"array",
             "minItems":1,"maxItems":1000,"items":)" +
                             letter_schema + "}}}",
           .success_status = 202,
           .response_schema = R"({"type":"object","required":["batchId","created","replayed","letters"],
             "properties":{"batchId":{"type":"string","pattern":"^[0-9a-f]{32}$"},
             "created":{"type":"integer","description":"letters new in this batch"},
             "replayed":{"type":"integer","description":"letters whose clientRequestId had already been accepted"},
             "letters":{"type":"array","items":{"type":"object","required":["index","id","clientRequestId","created",
               "status"],"properties":{"index":{"type":"integer"},"id":{"type":"string"},
               "clientRequestId":{"type":"string"},"created":{"type":"boolean"},
               "status":{"type":"string","enum":["queued","delivered","paper","failed"]}}}}}})",
           .errors = {400, 401, 403, 404, 409, 413}});
  api.add({.method = "GET",
           .path = "/api/v1/municipalities/{kommunkod}/messages/bulk/{id}",
           .operation_id = "batchStatus",
           .summary = "A batch's letters and how many are queued, delivered digitally, on paper or failed",
           .description = "The letters in the order they were sent, each with its status as messageStatus tells "
                          "it (operator and TransId, print batch, or the reason it failed).",
           .tag = "Digital mail",
           .security = http::ApiSecurity::kBearerOrSession,
           .scopes = {"mailbox:send"},
           .response_schema = R"({"type":"object","required":["id","createdAt","total","counts","letters"],
             "properties":{"id":{"type":"string"},"createdAt":{"type":"string","format":"date-time"},
             "total":{"type":"integer"},"counts":{"type":"object","required":["queued","delivered","paper","failed"],
             "properties":{"queued":{"type":"integer"},"delivered":{"type":"integer"},"paper":{"type":"integer"},
             "failed":{"type":"integer"}}},"letters":{"type":"array","items":)" +
                              batch_letter + "}}}",
           .errors = {401, 403, 404}});
  api.add({.method = "GET",
           .path = "/api/v1/municipalities/{kommunkod}/messages/{id}",
           .operation_id = "messageStatus",
           .summary = "The status of a letter: queued, delivered (operator, TransId), paper (print batch) or failed",
           .tag = "Digital mail",
           .security = http::ApiSecurity::kBearerOrSession,
           .scopes = {"mailbox:send"},
           .response_schema = kState,
           .errors = {401, 403, 404}});
}

}  // namespace samverkan::mailbox
