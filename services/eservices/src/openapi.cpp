// The e-services API's part of the OpenAPI document: every body typed (routes.cpp writes them).
#include <string>
#include <vector>

#include "samverkan/eservices/routes.hpp"

namespace samverkan::eservices {
namespace {

constexpr const char* kBase = "/api/v1/municipalities/{kommunkod}";

// --- shared pieces -------------------------------------------------------------------------------

const std::string kTime = R"({"type":"string","format":"date-time","description":"UTC, milliseconds"})";
const std::string kLocalized = R"({"type":"object","required":["sv","en"],"properties":{
  "sv":{"type":"string","description":"Swedish"},"en":{"type":"string","description":"English"}}})";
const std::string kOptionalLocalized = R"({"type":["object","null"],"required":["sv","en"],"properties":{
  "sv":{"type":"string","description":"Swedish"},"en":{"type":"string","description":"English"}}})";
const std::string kStatus =
    R"({"type":"string","enum":["received","in-progress","waiting-for-citizen","decided","closed"]})";
const std::string kReference =
    R"({"type":"string","description":"the errand's reference","examples":["ET-2026-000042"]})";
const std::string kAssignedTo =
    R"({"type":["string","null"],"description":"the handler's user id (HSA-id, else user name); null: unassigned"})";
const std::string kHexId = R"({"type":"string","pattern":"^[0-9a-f]{32}$"})";

// --- published e-services ------------------------------------------------------------------------

// The members of a publication in the list (publication_summary), inside "properties".
const std::string kPublicationMembers = R"(
  "id":{"type":"string","description":"the e-service's id","examples":["felanmalan-gata-park"]},
  "version":{"type":"integer","description":"the published version of the definition"},
  "title":)" + kLocalized + R"(,"description":)" +
                                        kLocalized + R"(,
  "category":{"type":"string","enum":["education","social-care","streets-parks","environment-health",
    "building-planning","business","culture-leisure","municipality","other"]},
  "loginRequired":{"type":"boolean"},
  "loginLevel":{"type":"string","enum":["none","low","substantial","high"],
    "description":"e-identification assurance level: low LoA 2, substantial LoA 3 (BankID), high LoA 4"},
  "contact":{"type":"string","description":"the municipality's contact for the service; may be empty"},
  "handlingUnit":{"type":"string","description":"the unit of the municipality that handles the errands"},
  "fees":)" + kOptionalLocalized + R"(,"information":)" +
                                        kOptionalLocalized;
const std::string kPublicationRequired = R"("id","version","title","description","category","loginRequired",
  "loginLevel","contact","handlingUnit","fees","information")";

const std::string kPublicationSummary =
    R"({"type":"object","required":[)" + kPublicationRequired + R"(],"properties":{)" + kPublicationMembers + "}}";

const std::string kConditions = R"({"type":"array","items":{"type":"object","required":["field","test"],
  "properties":{"field":{"type":"string","description":"the id of the earlier field tested"},
  "test":{"type":"string","enum":["equals","notEquals","answered","notAnswered"]},
  "value":{"type":"string","description":"for equals and notEquals"}}}})";

const std::string kField = R"({"type":"object","required":["id","type","label","help","required","showWhen",
  "requiredWhen"],"properties":{"id":{"type":"string","description":"the key of the field's answer"},
  "type":{"type":"string","enum":["text","textArea","number","date","email","phone","personnummer",
    "organisationsnummer","singleChoice","multipleChoice","checkbox","attachment"]},
  "label":)" + kLocalized + R"(,"help":)" +
                           kOptionalLocalized +
                           R"(,"required":{"type":"boolean"},
  "showWhen":)" + kConditions +
                           R"(,"requiredWhen":)" + kConditions + R"(,
  "options":{"type":"array","description":"singleChoice and multipleChoice only","items":{"type":"object",
    "required":["value","label"],"properties":{"value":{"type":"string"},"label":)" +
                           kLocalized + R"(}}},
  "accept":{"type":"array","description":"attachment only: the media types accepted","items":{"type":"string"}},
  "maxBytes":{"type":"integer","minimum":0,"description":"attachment only: the largest file accepted"}}})";

const std::string kPublication = R"({"type":"object","required":[)" + kPublicationRequired +
                                 R"(,"steps"],"properties":{)" + kPublicationMembers + R"(,
  "steps":{"type":"array","items":{"type":"object","required":["id","title","fields"],"properties":{
    "id":{"type":"string"},"title":)" +
                                 kLocalized + R"(,"fields":{"type":"array","items":)" + kField + "}}}}}}";

const std::string kPublicationList = R"({"type":"object","required":["eservices"],"properties":{
  "eservices":{"type":"array","items":)" +
                                     kPublicationSummary + "}}}";

// --- submissions by trusted integrations ---------------------------------------------------------

const std::string kIntake = R"({"type":"object","required":["requestId","personnummer","version","answers"],
  "properties":{
  "requestId":{"type":"string","pattern":"^[A-Za-z0-9._:-]{1,100}$",
    "description":"the client's idempotency key: the same requestId with the same content answers the first receipt again"},
  "personnummer":{"type":"string","description":"the citizen's personnummer or samordningsnummer as YYYYMMDDNNNC, YYYYMMDD-NNNC, YYMMDD-NNNC, YYMMDD+NNNC or YYMMDDNNNC"},
  "version":{"type":"integer","description":"the definition version the answers were made for: the published one"},
  "answers":{"type":"object","description":"field id: the answer, or the answers of a multiple choice",
    "additionalProperties":{"type":["string","array"],"items":{"type":"string"}}},
  "attachments":{"type":"object","description":"attachment field id: the file",
    "additionalProperties":{"type":"object","required":["fileName","contentBase64"],"properties":{
      "fileName":{"type":"string"},"contentBase64":{"type":"string","contentEncoding":"base64"}}}}},
  "examples":[{"requestId":"crm-2026-0142","personnummer":"191212121212","version":1,
    "answers":{"fault-type":"pothole","description":"Ett djupt hål i vägen vid skolan","address":"Storgatan 1"},
    "attachments":{"photo":{"fileName":"hal.png","contentBase64":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}}}]})";

const std::string kReceipt = R"({"type":"object","required":["reference","service","version","title","submittedAt",
  "repeated"],"properties":{"reference":)" +
                             kReference +
                             R"(,"service":{"type":"string","description":"the e-service's id"},
  "version":{"type":"integer"},"title":)" +
                             kLocalized + R"(,"submittedAt":)" + kTime + R"(,
  "repeated":{"type":"boolean","description":"true (status 200) when the requestId was seen before with the same content: the first receipt again"}}})";

// --- errands -------------------------------------------------------------------------------------

// The members of summary_json, inside "properties".
const std::string kSummaryMembers = R"("reference":)" + kReference +
                                    R"(,"service":{"type":"string","description":"the e-service's id"},
  "version":{"type":"integer","description":"the definition version answered"},"status":)" +
                                    kStatus + R"(,
  "handlingUnit":{"type":"string"},
  "caseNumber":{"type":["string","null"],"description":"the case in the municipality's diary once registered","examples":["BUN 2026/17"]},
  "assignedTo":)" + kAssignedTo;
const std::string kSummaryRequired =
    R"("reference","service","version","status","handlingUnit","caseNumber","assignedTo")";

const std::string kErrandList = R"({"type":"object","required":["errands"],"properties":{"errands":{"type":"array",
  "items":{"type":"object","required":[)" +
                                kSummaryRequired + R"(,"submittedAt"],"properties":{)" + kSummaryMembers +
                                R"(,"submittedAt":)" + kTime + "}}}}}";

const std::string kErrand = R"({"type":"object","required":[)" + kSummaryRequired +
                            R"(,"answers","attachments"],"properties":{)" + kSummaryMembers + R"(,
  "answers":{"type":"object","description":"field id: the answers: one, or several for a multiple choice",
    "additionalProperties":{"type":"array","items":{"type":"string"}}},
  "attachments":{"type":"object","description":"attachment field id: the file, without its content",
    "additionalProperties":{"type":"object","required":["fileName","mediaType","size"],"properties":{
      "fileName":{"type":"string"},"mediaType":{"type":"string"},
      "size":{"type":"integer","minimum":0,"description":"bytes"}}}}}})";

const std::string kStatusRequest = R"({"type":"object","required":["status"],"properties":{"status":)" + kStatus +
                                   R"(},"examples":[{"status":"in-progress"}]})";
const std::string kStatusAnswer = R"({"type":"object","required":["reference","status"],"properties":{
  "reference":)" + kReference + R"(,"status":)" +
                                  kStatus + "}}";

const std::string kHistory = R"({"type":"object","required":["history"],"properties":{"history":{"type":"array",
  "description":"oldest first","items":{"type":"object","required":["kind","at","actor"],"properties":{
  "kind":{"type":"string","enum":["submitted","status","assigned","unassigned","note","message-to-citizen",
    "message-from-citizen","recorded"]},
  "at":)" + kTime + R"(,
  "actor":{"type":"string","description":"staff:<user>, client:<id>, citizen or anonymous"},
  "from":{"type":["string","null"],"enum":["received","in-progress","waiting-for-citizen","decided","closed",null],
    "description":"submitted and status only: the status before; null for the submission"},
  "to":)" + kStatus + R"(,
  "detail":{"type":"string","description":"assigned: the handler; note and message-*: the note's or message's id; recorded: what was recorded"}}}}}})";

const std::string kAssignmentRequest = R"({"type":"object","required":["handler"],"properties":{
  "handler":{"type":"string","minLength":1,"description":"user name or HSA-id of a case handler of the municipality"}},
  "examples":[{"handler":"eva.handlaggare"}]})";
const std::string kAssignment = R"({"type":"object","required":["reference","assignedTo"],"properties":{
  "reference":)" + kReference + R"(,"assignedTo":)" +
                                kAssignedTo + "}}";

const std::string kText = R"({"type":"string","minLength":1,"maxLength":10000,"pattern":"\\S",
  "description":"at most 10,000 bytes of UTF-8, not only white space, no control characters but tab and line breaks"})";

const std::string kNote = R"({"type":"object","required":["id","at","author","body"],"properties":{
  "id":)" + kHexId + R"(,"at":)" +
                          kTime +
                          R"(,"author":{"type":"string","description":"staff:<user> or client:<id>"},
  "body":{"type":"string"}}})";
const std::string kNotes =
    R"({"type":"object","required":["notes"],"properties":{"notes":{"type":"array","description":"oldest first",
  "items":)" +
    kNote + "}}}";
const std::string kNoteRequest = R"({"type":"object","required":["body"],"properties":{"body":)" + kText +
                                 R"(},"examples":[{"body":"Kolla med entreprenören om hålet är lagat."}]})";

const std::string kMessage = R"({"type":"object","required":["id","at","direction","author","body"],"properties":{
  "id":)" + kHexId + R"(,"at":)" +
                             kTime +
                             R"(,"direction":{"type":"string","enum":["to-citizen","from-citizen"]},
  "author":{"type":"string","description":"staff:<user>, client:<id>, or citizen"},
  "body":{"type":"string"}}})";
const std::string kMessages = R"({"type":"object","required":["messages"],"properties":{"messages":{"type":"array",
  "description":"oldest first","items":)" +
                              kMessage + "}}}";
const std::string kMessageRequest = R"({"type":"object","required":["body"],"properties":{"body":)" + kText +
                                    R"(},"examples":[{"body":"Hur djupt är hålet? Skicka gärna en bild på skadan."}]})";

// --- statistics ----------------------------------------------------------------------------------

const std::string kFigureMembers = R"(
  "resolved":{"type":"integer","minimum":0,"description":"errands first decided or closed in the year"},
  "firstContact":{"type":"integer","minimum":0,"description":"of those, resolved without a second round"},
  "firstContactShare":{"type":["number","null"],"minimum":0,"maximum":1,"description":"firstContact / resolved; null when nothing was resolved"},
  "answers":{"type":"integer","minimum":0,"description":"survey answers given in the year"},
  "satisfactionIndex":{"type":["number","null"],"minimum":0,"maximum":100,"description":"customer satisfaction index (NKI, 0-100); null below minimumAnswersShown answers"})";
const std::string kFigureRequired = R"("resolved","firstContact","firstContactShare","answers","satisfactionIndex")";

const std::string kStatistics = R"({"type":"object","required":["year","minimumAnswersShown","services","total"],
  "properties":{"year":{"type":"integer"},
  "minimumAnswersShown":{"type":"integer","description":"the index is shown from this many answers on"},
  "services":{"type":"array","description":"each e-service with an errand resolved or an answer in the year, by id",
    "items":{"type":"object","required":["id","title",)" +
                                kFigureRequired + R"(],"properties":{
    "id":{"type":"string","description":"the e-service's id"},"title":)" +
                                kLocalized + "," + kFigureMembers + R"(}}},
  "total":{"type":"object","description":"all e-services together","required":[)" +
                                kFigureRequired + R"(],"properties":{)" + kFigureMembers + "}}}}";

}  // namespace

void describe_routes(http::OpenApi& api) {
  const auto read = std::vector<std::string>{"errands:read"};
  const auto write = std::vector<std::string>{"errands:write"};
  const auto session = http::ApiSecurity::kBearerOrSession;
  http::describe(
      api, kBase, "E-services",
      {
          {.method = "GET",
           .path = "/eservices",
           .operation_id = "listPublishedEServices",
           .summary = "The e-services the municipality publishes",
           .response_schema = kPublicationList},
          {.method = "GET",
           .path = "/eservices/{id}",
           .operation_id = "getPublishedEService",
           .summary = "One published e-service with the municipality's local overrides",
           .response_schema = kPublication},
          {.method = "GET",
           .path = "/eservices/{id}/definition",
           .operation_id = "getEServiceDefinition",
           .summary = "The e-service's definition (xsd/eservice.xsd) in the published version",
           .response_type = "application/xml",
           .response_schema = R"({"type":"string"})"},
          {.method = "POST",
           .path = "/eservices/{id}/submissions",
           .operation_id = "submitOnBehalfOfCitizen",
           .summary = "Submit the e-service for a citizen identified by personnummer (trusted integrations; validated "
                      "like the form, each invalid answer listed in the problem's errors; idempotent by requestId: the "
                      "same request again answers 200 with the first receipt)",
           .security = http::ApiSecurity::kBearer,
           .scopes = {"eservices:submit"},
           .success = 201,
           .errors = {400, 409},
           .request_schema = kIntake,
           .response_schema = kReceipt,
           .other_success_statuses = {200}},
          {.method = "GET",
           .path = "/errands",
           .operation_id = "listErrands",
           .summary = "The municipality's errand inbox",
           .security = session,
           .scopes = read,
           .errors = {400},
           .query = {{"status", "query", "Only errands in this status", kStatus, false},
                     http::query_parameter("assignedTo", "me (the calling staff user), none, or a handler's user id"),
                     {"limit", "query", "At most this many errands, newest first (1 to 1000; 100 when left out)",
                      R"({"type":"integer","minimum":1,"maximum":1000})", false},
                     {"offset", "query", "Errands skipped before the first one returned (paging; 0 when left out)",
                      R"({"type":"integer","minimum":0,"maximum":999999999})", false}},
           .response_schema = kErrandList},
          {.method = "GET",
           .path = "/errands/{reference}",
           .operation_id = "getErrand",
           .summary = "One errand with its answers (audited)",
           .security = session,
           .scopes = read,
           .response_schema = kErrand},
          {.method = "GET",
           .path = "/errands/{reference}/attachments/{field}",
           .operation_id = "getErrandAttachment",
           .summary = "The file the citizen attached for one field of the form, as sent (its media type found by "
                      "content when it was accepted; Content-Disposition names the file; audited)",
           .security = session,
           .scopes = read,
           .response_type = "*/*",
           .response_schema = R"({"type":"string","contentEncoding":"binary"})"},
          {.method = "POST",
           .path = "/errands/{reference}/status",
           .operation_id = "changeErrandStatus",
           .summary = "Move an errand to another status",
           .security = session,
           .scopes = write,
           .errors = {400, 409},
           .request_schema = kStatusRequest,
           .response_schema = kStatusAnswer},
          {.method = "GET",
           .path = "/errands/{reference}/history",
           .operation_id = "getErrandHistory",
           .summary = "The errand's history: status changes, assignments, notes and messages (without their texts)",
           .security = session,
           .scopes = read,
           .response_schema = kHistory},
          {.method = "PUT",
           .path = "/errands/{reference}/assignment",
           .operation_id = "assignErrand",
           .summary = "Assign the errand to a case handler of the municipality ({\"handler\": user name or HSA-id})",
           .security = session,
           .scopes = write,
           .errors = {400, 409},
           .request_schema = kAssignmentRequest,
           .response_schema = kAssignment},
          {.method = "DELETE",
           .path = "/errands/{reference}/assignment",
           .operation_id = "unassignErrand",
           .summary = "Remove the errand's assignment",
           .security = session,
           .scopes = write,
           .response_schema = kAssignment},
          {.method = "GET",
           .path = "/errands/{reference}/notes",
           .operation_id = "listErrandNotes",
           .summary = "The errand's internal notes (never shown to the citizen; audited)",
           .security = session,
           .scopes = read,
           .response_schema = kNotes},
          {.method = "POST",
           .path = "/errands/{reference}/notes",
           .operation_id = "addErrandNote",
           .summary = "Add an internal note ({\"body\": text})",
           .security = session,
           .scopes = write,
           .success = 201,
           .errors = {400},
           .request_schema = kNoteRequest,
           .response_schema = kNote},
          {.method = "GET",
           .path = "/errands/{reference}/messages",
           .operation_id = "listErrandMessages",
           .summary = "The messages between the municipality and the citizen, both ways (audited)",
           .security = session,
           .scopes = read,
           .response_schema = kMessages},
          {.method = "POST",
           .path = "/errands/{reference}/messages",
           .operation_id = "sendErrandMessage",
           .summary = "Send a message to the citizen, who reads and answers it on Mina sidor ({\"body\": text})",
           .security = session,
           .scopes = write,
           .success = 201,
           .errors = {400, 409},
           .request_schema = kMessageRequest,
           .response_schema = kMessage},
          {.method = "GET",
           .path = "/statistics/eservices",
           .operation_id = "getEServiceStatistics",
           .summary = "Satisfaction (customer satisfaction index from the citizens' survey, shown from "
                      "minimumAnswersShown answers on) and first-contact resolution per e-service for a calendar year "
                      "(no personal data)",
           .security = session,
           .scopes = {"statistics:read"},
           .errors = {400},
           .query = {{"year", "query", "The calendar year (Swedish time); this year when left out",
                      R"({"type":"integer","minimum":0,"maximum":9999})", false}},
           .response_schema = kStatistics},
          {.method = "GET",
           .path = "/metrics",
           .operation_id = "getEServiceMetrics",
           .summary = "This year's satisfaction and first-contact figures in the Prometheus text format (0.0.4), per "
                      "e-service and for all of them (service=\"\"); for a monitoring system with an API client "
                      "holding statistics:read",
           .security = session,
           .scopes = {"statistics:read"},
           .response_type = "text/plain",
           .response_schema = R"({"type":"string"})"},
      });
}

}  // namespace samverkan::eservices
