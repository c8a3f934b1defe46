#include "samverkan/adapters/public360_rest/public360_case_system.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "samverkan/adapters/json_answer.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::adapters::public360_rest {
namespace {

constexpr std::string_view kExternalIdType = "samverkan";
constexpr std::string_view kNotesPrefix = "samverkan-sha256:";
constexpr std::string_view kClosedStatus = "Avslutat";

using Object = Poco::JSON::Object::Ptr;

std::string string_member(const Object& object, const std::string& name) {
  return optional_string(object, name).value_or("");
}

Object external_id(const IncomingDocument& document) {
  auto id = json_object();
  id->set("Id", document.idempotency_key.str());
  id->set("Type", std::string(kExternalIdType));
  return id;
}

std::string file_format(const std::string& file_name) {
  const auto dot = file_name.rfind('.');
  std::string format = dot == std::string::npos ? std::string("bin") : file_name.substr(dot + 1);
  for (char& c : format) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return format;
}

void set_access(Object object, const IncomingDocument& document) {
  object->set("AccessCode", document.secret ? "S" : "U");
  if (document.secret) object->set("Paragraph", document.secrecy_reference);
}

}  // namespace

struct Public360CaseSystem::Answer {
  Object object;
};

Public360CaseSystem::Public360CaseSystem(RestApiSettings settings, std::string backend)
    : client_(std::move(settings), std::move(backend), RestClient::TokenUse::kCaller) {}

Public360CaseSystem::Answer Public360CaseSystem::invoke(const std::string& method, const std::string& json_body) const {
  const std::string key = client_.token();
  const std::string path = "/SIF/" + method + (key.empty() ? std::string() : "?authkey=" + encode_path_segment(key));
  const RestResponse response = client_.call("POST", path, json_body, {}, RestClient::On404::kUnavailable);
  const Object object = parse_json_object(response.body, client_.backend());
  if (!object->has("Successful")) throw Unavailable(client_.backend() + " answered with malformed JSON");
  bool successful = false;
  try {
    successful = object->getValue<bool>("Successful");
  } catch (const Poco::Exception&) {
    throw Unavailable(client_.backend() + " answered with malformed JSON");
  }
  if (!successful) {
    std::string message = string_member(object, "ErrorMessage");
    if (message.size() > 200) message.resize(200);
    // SIF gives no error kinds; 360 refuses what it considers a wrong request.
    throw InvalidInput(client_.backend() + " refused the request" + (message.empty() ? "" : ": " + message));
  }
  return Answer{object};
}

CaseRegistration Public360CaseSystem::register_document(const IncomingDocument& document) {
  validate(document);
  const std::string notes = std::string(kNotesPrefix) + content_fingerprint(document);

  // 1. Registered before under this key?
  {
    auto query = json_object();
    query->set("ExternalId", external_id(document));
    const auto answer = invoke("DocumentService/GetDocuments", http::to_json(*query));
    const auto documents = answer.object->getArray("Documents");
    if (documents && documents->size() > 0) {
      const auto found = documents->getObject(0);
      if (string_member(found, "Notes") != notes) {
        throw Conflict(client_.backend() + ": the idempotency key was already used for a different document");
      }
      const std::string case_number = string_member(found, "CaseNumber");
      const std::string document_number = string_member(found, "DocumentNumber");
      if (case_number.empty() || document_number.empty()) {
        throw Unavailable(client_.backend() + " answered with a document without numbers");
      }
      return CaseRegistration{case_number, document_number, true};
    }
  }

  // 2. The case: the given one (which must exist and be open), or one created for this key.
  std::string case_number;
  if (document.existing_case) {
    auto query = json_object();
    query->set("CaseNumber", *document.existing_case);
    const auto answer = invoke("CaseService/GetCases", http::to_json(*query));
    const auto cases = answer.object->getArray("Cases");
    if (!cases || cases->size() == 0) {
      throw NotFound(client_.backend() + " has no case " + *document.existing_case);
    }
    if (string_member(cases->getObject(0), "Status") == kClosedStatus) {
      throw Conflict(client_.backend() + ": case " + *document.existing_case + " is closed");
    }
    case_number = *document.existing_case;
  } else {
    auto query = json_object();
    query->set("ExternalId", external_id(document));
    const auto answer = invoke("CaseService/GetCases", http::to_json(*query));
    const auto cases = answer.object->getArray("Cases");
    if (cases && cases->size() > 0) {
      case_number = string_member(cases->getObject(0), "CaseNumber");  // created by an earlier attempt
    } else {
      auto create = json_object();
      create->set("Title", document.title);
      create->set("DiaryPrefix", document.board);
      create->set("Unit", document.handling_unit);
      set_access(create, document);
      create->set("ExternalId", external_id(document));
      case_number = string_member(invoke("CaseService/CreateCase", http::to_json(*create)).object, "CaseNumber");
    }
    if (case_number.empty()) throw Unavailable(client_.backend() + " answered with a case without number");
  }

  // 3. The document.
  auto create = json_object();
  create->set("CaseNumber", case_number);
  create->set("Title", document.title);
  const bool outgoing = document.direction == DocumentDirection::kOutgoing;
  create->set("Category", outgoing ? "Utgående" : "Inkommande");
  create->set("DocumentDate", calendar::format_iso_date(document.received));
  Poco::JSON::Array::Ptr contacts = new Poco::JSON::Array;
  auto sender = json_object();
  sender->set("Role", outgoing ? "Mottagare" : "Avsändare");
  sender->set("Name", document.sender);
  contacts->add(sender);
  create->set("Contacts", contacts);
  set_access(create, document);
  Poco::JSON::Array::Ptr files = new Poco::JSON::Array;
  for (const auto& file : document.files) {
    auto entry = json_object();
    entry->set("Title", file.file_name);
    entry->set("Format", file_format(file.file_name));
    entry->set("Base64Data", base64::encode(file.content));
    files->add(entry);
  }
  create->set("Files", files);
  create->set("ExternalId", external_id(document));
  create->set("Notes", notes);
  const auto answer = invoke("DocumentService/CreateDocument", http::to_json(*create));
  const std::string document_number = string_member(answer.object, "DocumentNumber");
  if (document_number.empty()) throw Unavailable(client_.backend() + " answered without a document number");
  return CaseRegistration{case_number, document_number, false};
}

}  // namespace samverkan::adapters::public360_rest
