#include "samverkan/client/errands.hpp"

#include <Poco/JSON/Array.h>

#include <utility>

#include "json_reading.hpp"

namespace samverkan::client {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// The values of an answer: a string or a list of strings.
std::vector<std::string> values_of(const Object& answers, const std::string& field) {
  const auto value = answers.get(field);
  if (value.isString()) return {value.extract<std::string>()};
  const auto list = answers.getArray(field);
  if (!list) throw ProtocolError("the server's answer has an answer \"" + field + "\" that is not text");
  std::vector<std::string> values;
  for (std::size_t i = 0; i < list->size(); ++i)
    values.push_back(list->getElement<std::string>(static_cast<unsigned>(i)));
  return values;
}

ErrandSummary summary_of(const Object& item) {
  ErrandSummary summary;
  summary.reference = detail::text(item, "reference");
  summary.service = detail::text(item, "service");
  summary.version = static_cast<int>(detail::integer(item, "version"));
  summary.status = detail::text(item, "status");
  summary.handling_unit = detail::optional_text(item, "handlingUnit").value_or("");
  summary.case_number = detail::optional_text(item, "caseNumber");
  summary.assigned_to = detail::optional_text(item, "assignedTo");
  summary.submitted_at = detail::optional_text(item, "submittedAt").value_or("");
  return summary;
}

ErrandNote note_of(const Object& item) {
  return {detail::text(item, "id"), detail::text(item, "at"), detail::text(item, "author"), detail::text(item, "body")};
}

ErrandMessage message_of(const Object& item) {
  return {detail::text(item, "id"), detail::text(item, "at"), detail::text(item, "direction"),
          detail::text(item, "author"), detail::text(item, "body")};
}

}  // namespace

// --- EServices ----------------------------------------------------------------------------------

EServices::EServices(Client& client, const std::string& kommunkod)
    : client_(client), base_(detail::municipality_path(kommunkod) + "/eservices") {}

std::vector<EServiceSummary> EServices::list() {
  return detail::list_of<EServiceSummary>(*client_.get_json(base_), "eservices", [](const Object& item) {
    EServiceSummary service;
    service.id = detail::text(item, "id");
    service.version = static_cast<int>(detail::integer(item, "version"));
    service.title = detail::localized(item, "title");
    service.description = detail::localized(item, "description");
    service.category = detail::optional_text(item, "category").value_or("");
    service.login_required = detail::boolean(item, "loginRequired", false);
    service.login_level = detail::optional_text(item, "loginLevel").value_or("");
    service.contact = detail::optional_text(item, "contact").value_or("");
    service.handling_unit = detail::optional_text(item, "handlingUnit").value_or("");
    return service;
  });
}

std::string EServices::definition_xml(const std::string& id) {
  return client_.call(Request::to("GET", base_ + "/" + url_encode(id) + "/definition")).body;
}

SubmissionReceipt EServices::submit(const std::string& id, const Submission& submission) {
  const std::string request_id = submission.request_id.value_or(Client::new_idempotency_key());
  Object body;
  body.set("requestId", request_id);
  body.set("personnummer", submission.personnummer);
  body.set("version", submission.version);
  Object answers;
  for (const auto& [field, values] : submission.answers) {
    if (values.size() == 1) {
      answers.set(field, values.front());
    } else {
      Array list;
      for (const auto& value : values) list.add(value);
      answers.set(field, list);
    }
  }
  body.set("answers", answers);
  if (!submission.attachments.empty()) {
    Object attachments;
    for (const auto& [field, file] : submission.attachments) {
      Object item;
      item.set("fileName", file.file_name);
      item.set("contentBase64", detail::base64(file.content));
      attachments.set(field, item);
    }
    body.set("attachments", attachments);
  }
  const auto answer = client_.send_json("POST", base_ + "/" + url_encode(id) + "/submissions", body, request_id);
  SubmissionReceipt receipt;
  receipt.reference = detail::text(*answer, "reference");
  receipt.service = detail::text(*answer, "service");
  receipt.version = static_cast<int>(detail::integer(*answer, "version"));
  receipt.title = detail::localized(*answer, "title");
  receipt.submitted_at = detail::text(*answer, "submittedAt");
  receipt.repeated = detail::boolean(*answer, "repeated", false);
  return receipt;
}

// --- Errands ------------------------------------------------------------------------------------

Errands::Errands(Client& client, const std::string& kommunkod)
    : client_(client), base_(detail::municipality_path(kommunkod) + "/errands") {}

std::string Errands::path(const std::string& reference, const std::string& tail) const {
  return base_ + "/" + url_encode(reference) + tail;
}

std::vector<ErrandSummary> Errands::inbox(const InboxQuery& query) {
  std::string target = base_ + "?limit=" + std::to_string(query.limit) + "&offset=" + std::to_string(query.offset);
  if (query.status) target += "&status=" + url_encode(*query.status);
  if (query.assigned_to) target += "&assignedTo=" + url_encode(*query.assigned_to);
  return detail::list_of<ErrandSummary>(*client_.get_json(target), "errands", summary_of);
}

std::size_t Errands::each(InboxQuery query, const std::function<bool(const ErrandSummary&)>& visit) {
  if (query.limit == 0) throw UsageError("an inbox page has 1 to 1000 errands");
  std::size_t visited = 0;
  for (;;) {
    const auto page = inbox(query);
    for (const auto& errand : page) {
      ++visited;
      if (!visit(errand)) return visited;
    }
    if (page.size() < query.limit) return visited;
    query.offset += page.size();
  }
}

Errand Errands::get(const std::string& reference) {
  const auto answer = client_.get_json(path(reference));
  Errand errand;
  errand.summary = summary_of(*answer);
  if (const auto answers = answer->getObject("answers")) {
    for (const auto& field : answers->getNames()) errand.answers[field] = values_of(*answers, field);
  }
  if (const auto files = answer->getObject("attachments")) {
    for (const auto& field : files->getNames()) {
      const auto file = detail::object(*files, field);
      errand.attachments[field] = {detail::text(*file, "fileName"), detail::text(*file, "mediaType"),
                                   static_cast<std::size_t>(detail::integer(*file, "size"))};
    }
  }
  return errand;
}

ErrandAttachmentFile Errands::attachment(const std::string& reference, const std::string& field) {
  auto answer = client_.call(Request::to("GET", path(reference, "/attachments/" + url_encode(field))));
  return {std::move(answer.content_type), std::move(answer.body)};
}

std::string Errands::set_status(const std::string& reference, const std::string& status) {
  Object body;
  body.set("status", status);
  return detail::text(*client_.send_json("POST", path(reference, "/status"), body), "status");
}

std::string Errands::assign(const std::string& reference, const std::string& handler) {
  Object body;
  body.set("handler", handler);
  return detail::text(*client_.send_json("PUT", path(reference, "/assignment"), body), "assignedTo");
}

void Errands::unassign(const std::string& reference) {
  client_.call(Request::to("DELETE", path(reference, "/assignment")));
}

std::vector<ErrandNote> Errands::notes(const std::string& reference) {
  return detail::list_of<ErrandNote>(*client_.get_json(path(reference, "/notes")), "notes", note_of);
}

ErrandNote Errands::add_note(const std::string& reference, const std::string& body) {
  Object request;
  request.set("body", body);
  return note_of(*client_.send_json("POST", path(reference, "/notes"), request));
}

std::vector<ErrandMessage> Errands::messages(const std::string& reference) {
  return detail::list_of<ErrandMessage>(*client_.get_json(path(reference, "/messages")), "messages", message_of);
}

ErrandMessage Errands::send_message(const std::string& reference, const std::string& body) {
  Object request;
  request.set("body", body);
  return message_of(*client_.send_json("POST", path(reference, "/messages"), request));
}

}  // namespace samverkan::client
