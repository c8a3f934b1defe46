#include "detail/outbox_store.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <soci/soci.h>

#include <sstream>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/sql_guard.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::mailbox::detail {
namespace {

using storage::sql_guard;

std::optional<std::string> row_optional(const soci::row& row, std::size_t index) {
  if (row.get_indicator(index) == soci::i_null) return std::nullopt;
  return row.get<std::string>(index);
}

// As encrypted_columns.cpp registers it.
std::string aad(const tenancy::Context& ctx, std::string_view column, std::string_view id) {
  return crypto::associated_data("mailbox_message", column, {ctx.municipality().str(), id});
}

LetterStatus parse_status(const std::string& text) {
  for (const auto status :
       {LetterStatus::kQueued, LetterStatus::kDelivered, LetterStatus::kPaper, LetterStatus::kFailed}) {
    if (to_string(status) == text) return status;
  }
  throw InternalError("unknown letter status in the database");
}

constexpr const char* kStateColumns =
    "id, client_request_id, status, attempts, operator_id, operator_name, trans_id, print_batch, print_job, "
    "failure_reason, request_digest, recipient, subject, content, protected_identity";

LetterState state_from(const soci::row& row) {
  LetterState state;
  state.id = row.get<std::string>(0);
  state.client_request_id = row.get<std::string>(1);
  state.status = parse_status(row.get<std::string>(2));
  state.attempts = storage::row_int<int>(row, 3);
  state.operator_id = row_optional(row, 4);
  state.operator_name = row_optional(row, 5);
  state.trans_id = row_optional(row, 6);
  state.print_batch = row_optional(row, 7);
  state.print_job = row_optional(row, 8);
  state.failure_reason = row_optional(row, 9);
  return state;
}

// Everything of the request but the columns of their own (client request id, recipient,
// subject, protected identity), as JSON with the attachments in base64.
std::string content_json(const LetterRequest& r) {
  Poco::JSON::Object out;
  out.set("bodyType", std::string(to_content_type(r.body_type)));
  out.set("body", r.body);
  Poco::JSON::Array attachments;
  for (const auto& a : r.attachments) {
    Poco::JSON::Object item;
    item.set("filename", a.filename);
    item.set("content", base64::encode(a.content));
    attachments.add(item);
  }
  out.set("attachments", attachments);
  Poco::JSON::Object support;
  support.set("text", r.support.text);
  if (r.support.url) support.set("url", *r.support.url);
  if (r.support.phone_number) support.set("phoneNumber", *r.support.phone_number);
  if (r.support.email) support.set("email", *r.support.email);
  out.set("support", support);
  out.set("language", r.language);
  if (r.reference) out.set("reference", *r.reference);
  if (r.correlation_id) out.set("correlationId", *r.correlation_id);
  if (r.case_number) out.set("caseNumber", *r.case_number);
  if (r.postal_address) {
    const auto& p = *r.postal_address;
    Poco::JSON::Object address;
    address.set("name", p.name);
    address.set("careOf", p.care_of);
    Poco::JSON::Array street;
    for (const auto& line : p.street_lines) street.add(line);
    address.set("street", street);
    address.set("postalCode", p.postal_code);
    address.set("city", p.city);
    address.set("country", p.country_code);
    out.set("postalAddress", address);
  }
  return http::to_json(out);
}

std::optional<std::string> optional_member(const Poco::JSON::Object::Ptr& object, const std::string& name) {
  if (!object->has(name)) return std::nullopt;
  return object->getValue<std::string>(name);
}

void content_from_json(const std::string& json, LetterRequest& r) {
  try {
    Poco::JSON::Parser parser;
    const auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    r.body_type = parse_body_type(object->getValue<std::string>("bodyType"));
    r.body = object->getValue<std::string>("body");
    const auto attachments = object->getArray("attachments");
    for (std::size_t i = 0; attachments && i < attachments->size(); ++i) {
      const auto item = attachments->getObject(static_cast<unsigned>(i));
      auto bytes = base64::decode(item->getValue<std::string>("content"));
      if (!bytes) throw InternalError("a stored attachment is not base64");
      r.attachments.push_back(Attachment{item->getValue<std::string>("filename"), std::move(*bytes)});
    }
    const auto support = object->getObject("support");
    r.support.text = support->getValue<std::string>("text");
    r.support.url = optional_member(support, "url");
    r.support.phone_number = optional_member(support, "phoneNumber");
    r.support.email = optional_member(support, "email");
    r.language = object->getValue<std::string>("language");
    r.reference = optional_member(object, "reference");
    r.correlation_id = optional_member(object, "correlationId");
    r.case_number = optional_member(object, "caseNumber");
    if (object->has("postalAddress")) {
      const auto a = object->getObject("postalAddress");
      adapters::PostalAddress address;
      address.name = a->getValue<std::string>("name");
      address.care_of = a->getValue<std::string>("careOf");
      const auto street = a->getArray("street");
      for (std::size_t i = 0; street && i < street->size(); ++i)
        address.street_lines.push_back(street->getElement<std::string>(static_cast<unsigned>(i)));
      address.postal_code = a->getValue<std::string>("postalCode");
      address.city = a->getValue<std::string>("city");
      address.country_code = a->getValue<std::string>("country");
      r.postal_address = std::move(address);
    }
  } catch (const Poco::Exception& e) {
    throw InternalError("a stored letter is not readable: " + e.displayText());
  }
}

}  // namespace

Sender sender_of(tenancy::Context& ctx) {
  Sender sender;
  soci::indicator name_indicator = soci::i_ok;
  bool found = sql_guard("reading the municipality", [&] {
    ctx.sql().exec("SELECT organisation_number, name FROM municipality WHERE code = :tenant",
                   soci::into(sender.organisation_number), soci::into(sender.name, name_indicator));
    return ctx.sql().unscoped_session_for_internal_use().got_data();
  });
  if (!found || sender.organisation_number.empty()) {
    throw InvalidInput("municipality " + ctx.municipality().str() + " has no organisation number to send mail as");
  }
  return sender;
}

std::string new_message_id() { return crypto::random_hex(16); }

Delivery to_delivery(const LetterRequest& request, const Sender& sender, const std::string& message_id) {
  Delivery delivery;
  delivery.sender_organisation_number = sender.organisation_number;
  delivery.sender_name = sender.name;
  delivery.recipient = request.recipient;
  delivery.reference = request.reference;
  delivery.correlation_id = request.correlation_id;
  Message message;
  message.id = message_id;
  message.subject = request.subject;
  message.support = request.support;
  message.language = request.language;
  message.body_type = request.body_type;
  message.body = request.body;
  message.attachments = request.attachments;
  delivery.messages.push_back(std::move(message));
  return delivery;
}

std::string request_digest(const crypto::Keyring& keyring, const LetterRequest& request) {
  std::string canonical = ids::Personnummer::parse_any(request.recipient).digits();
  canonical.push_back('\x1f');
  canonical += request.protected_identity ? "1" : "0";
  canonical.push_back('\x1f');
  canonical += request.subject;
  canonical.push_back('\x1f');
  canonical += content_json(request);
  return keyring.blind_index("mailbox.request", canonical);
}

void insert_letter(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& id,
                   const LetterRequest& request, const std::string& digest) {
  const std::string recipient = ids::Personnummer::parse_any(request.recipient).digits();
  const std::string recipient_token = crypto::encrypt(keyring, recipient, aad(ctx, "recipient", id));
  const std::string recipient_index = keyring.blind_index("mailbox.recipient", recipient);
  const std::string subject = crypto::encrypt(keyring, request.subject, aad(ctx, "subject", id));
  const std::string content = crypto::encrypt(keyring, content_json(request), aad(ctx, "content", id));
  const int protected_identity = request.protected_identity ? 1 : 0;
  const std::string created_by = ctx.principal().id();
  const std::string at = storage::format_time(ctx.now());
  try {
    ctx.sql().exec(
        "INSERT INTO mailbox_message (municipality, id, client_request_id, request_digest, recipient, recipient_index, "
        "subject, content, protected_identity, status, attempts, created_by, created_at, updated_at) VALUES (:tenant, "
        ":id, :request, :digest, :recipient, :recipient_index, :subject, :content, :protected, 'queued', 0, :by, :at, "
        ":at2)",
        soci::use(id, "id"), soci::use(request.client_request_id, "request"), soci::use(digest, "digest"),
        soci::use(recipient_token, "recipient"), soci::use(recipient_index, "recipient_index"),
        soci::use(subject, "subject"), soci::use(content, "content"), soci::use(protected_identity, "protected"),
        soci::use(created_by, "by"), soci::use(at, "at"), soci::use(at, "at2"));
  } catch (const soci::soci_error& e) {
    // Two requests with the same client request id at once (PostgreSQL): the second waits for
    // the first and then hits the unique key. A retry of it returns the letter accepted.
    const std::string text = e.what();
    if (text.find("unique") != std::string::npos || text.find("UNIQUE") != std::string::npos ||
        text.find("duplicate key") != std::string::npos) {
      throw Conflict("clientRequestId " + request.client_request_id + " is being accepted by another request");
    }
    storage::database_failure("storing a letter", e);
  }
}

std::optional<LetterState> read_state(tenancy::Context& ctx, std::string_view id) {
  const std::string key(id);
  return sql_guard("reading a letter", [&]() -> std::optional<LetterState> {
    auto rows =
        ctx.sql().rows(std::string("SELECT ") + kStateColumns + " FROM mailbox_message WHERE {{tenant}} AND id = :id",
                       soci::use(key, "id"));
    for (const auto& row : rows) return state_from(row);
    return std::nullopt;
  });
}

std::optional<std::pair<LetterState, std::string>> read_state_by_request(tenancy::Context& ctx,
                                                                         std::string_view client_request_id) {
  const std::string key(client_request_id);
  return sql_guard("reading a letter", [&]() -> std::optional<std::pair<LetterState, std::string>> {
    auto rows = ctx.sql().rows(std::string("SELECT ") + kStateColumns +
                                   " FROM mailbox_message WHERE {{tenant}} AND client_request_id = :request",
                               soci::use(key, "request"));
    for (const auto& row : rows) return std::make_pair(state_from(row), row.get<std::string>(10));
    return std::nullopt;
  });
}

std::optional<StoredLetter> load_letter(tenancy::Context& ctx, const crypto::Keyring& keyring, std::string_view id) {
  const std::string key(id);
  return sql_guard("reading a letter", [&]() -> std::optional<StoredLetter> {
    auto rows =
        ctx.sql().rows(std::string("SELECT ") + kStateColumns + " FROM mailbox_message WHERE {{tenant}} AND id = :id",
                       soci::use(key, "id"));
    for (const auto& row : rows) {
      StoredLetter letter;
      letter.state = state_from(row);
      letter.request.client_request_id = letter.state.client_request_id;
      letter.request.recipient = crypto::decrypt(keyring, row.get<std::string>(11), aad(ctx, "recipient", key));
      letter.request.subject = crypto::decrypt(keyring, row.get<std::string>(12), aad(ctx, "subject", key));
      content_from_json(crypto::decrypt(keyring, row.get<std::string>(13), aad(ctx, "content", key)), letter.request);
      letter.request.protected_identity = storage::row_int(row, 14) != 0;
      return letter;
    }
    return std::nullopt;
  });
}

void note_attempt(tenancy::Context& ctx, std::string_view id, std::string_view error) {
  const std::string key(id), reason(error), at = storage::format_time(ctx.now());
  sql_guard("counting an attempt", [&] {
    ctx.sql().exec(
        "UPDATE mailbox_message SET attempts = attempts + 1, failure_reason = :reason, updated_at = :at "
        "WHERE {{tenant}} AND id = :id AND status = 'queued'",
        soci::use(reason, "reason"), soci::use(at, "at"), soci::use(key, "id"));
  });
}

void mark_delivered(tenancy::Context& ctx, std::string_view id, std::string_view operator_id,
                    std::string_view operator_name, std::string_view trans_id) {
  const std::string key(id), op(operator_id), name(operator_name), trans(trans_id),
      at = storage::format_time(ctx.now());
  sql_guard("marking a letter delivered", [&] {
    ctx.sql().exec(
        "UPDATE mailbox_message SET status = 'delivered', operator_id = :op, operator_name = :name, trans_id = :trans, "
        "failure_reason = NULL, updated_at = :at, finished_at = :at2 WHERE {{tenant}} AND id = :id AND status = "
        "'queued'",
        soci::use(op, "op"), soci::use(name, "name"), soci::use(trans, "trans"), soci::use(at, "at"),
        soci::use(at, "at2"), soci::use(key, "id"));
  });
}

void mark_paper(tenancy::Context& ctx, std::string_view id, std::string_view print_batch, std::string_view print_job) {
  const std::string key(id), batch(print_batch), job(print_job), at = storage::format_time(ctx.now());
  sql_guard("marking a letter sent on paper", [&] {
    ctx.sql().exec(
        "UPDATE mailbox_message SET status = 'paper', print_batch = :batch, print_job = :job, updated_at = :at, "
        "finished_at = :at2 WHERE {{tenant}} AND id = :id AND status = 'queued'",
        soci::use(batch, "batch"), soci::use(job, "job"), soci::use(at, "at"), soci::use(at, "at2"),
        soci::use(key, "id"));
  });
}

void mark_failed(tenancy::Context& ctx, std::string_view id, std::string_view reason) {
  const std::string key(id), text(reason), at = storage::format_time(ctx.now());
  sql_guard("marking a letter failed", [&] {
    ctx.sql().exec(
        "UPDATE mailbox_message SET status = 'failed', failure_reason = :reason, updated_at = :at, finished_at = :at2 "
        "WHERE {{tenant}} AND id = :id AND status = 'queued'",
        soci::use(text, "reason"), soci::use(at, "at"), soci::use(at, "at2"), soci::use(key, "id"));
  });
}

std::optional<AttemptRecord> read_attempt(tenancy::Context& ctx, std::string_view id) {
  const std::string key(id);
  return sql_guard("reading a delivery attempt", [&]() -> std::optional<AttemptRecord> {
    auto rows = ctx.sql().rows(
        "SELECT state, operator_id, operator_name, service_address, trans_id, sends FROM mailbox_delivery_attempt "
        "WHERE {{tenant}} AND message_id = :id",
        soci::use(key, "id"));
    for (const auto& row : rows) {
      AttemptRecord record;
      record.state = row.get<std::string>(0);
      record.operator_id = row.get<std::string>(1);
      record.operator_name = row.get<std::string>(2);
      record.service_address = row.get<std::string>(3);
      record.trans_id = row_optional(row, 4).value_or("");
      record.sends = storage::row_int<int>(row, 5);
      return record;
    }
    return std::nullopt;
  });
}

void record_sending(tenancy::Context& ctx, std::string_view id, std::string_view operator_id,
                    std::string_view operator_name, std::string_view service_address) {
  const std::string key(id), op(operator_id), name(operator_name), address(service_address),
      at = storage::format_time(ctx.now());
  sql_guard("recording a delivery attempt", [&] {
    if (read_attempt(ctx, key)) {
      ctx.sql().exec(
          "UPDATE mailbox_delivery_attempt SET sends = sends + 1, operator_id = :op, operator_name = :name, "
          "service_address = :address, updated_at = :at WHERE {{tenant}} AND message_id = :id AND state = 'sending'",
          soci::use(op, "op"), soci::use(name, "name"), soci::use(address, "address"), soci::use(at, "at"),
          soci::use(key, "id"));
    } else {
      ctx.sql().exec(
          "INSERT INTO mailbox_delivery_attempt (municipality, message_id, state, operator_id, operator_name, "
          "service_address, sends, updated_at) VALUES (:tenant, :id, 'sending', :op, :name, :address, 1, :at)",
          soci::use(key, "id"), soci::use(op, "op"), soci::use(name, "name"), soci::use(address, "address"),
          soci::use(at, "at"));
    }
  });
}

void record_accepted(tenancy::Context& ctx, std::string_view id, std::string_view trans_id) {
  const std::string key(id), trans(trans_id), at = storage::format_time(ctx.now());
  sql_guard("recording a delivery", [&] {
    ctx.sql().exec(
        "UPDATE mailbox_delivery_attempt SET state = 'accepted', trans_id = :trans, updated_at = :at "
        "WHERE {{tenant}} AND message_id = :id",
        soci::use(trans, "trans"), soci::use(at, "at"), soci::use(key, "id"));
  });
}

}  // namespace samverkan::mailbox::detail
