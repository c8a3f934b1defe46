#include "samverkan/server/api_document.hpp"

#include <string>
#include <utility>
#include <vector>

namespace samverkan::server {
namespace {

using http::ApiParameter;
using http::ApiSecurity;

constexpr const char* kBase = "/api/v1/municipalities/{kommunkod}";
constexpr const char* kObject = R"({"type":"object"})";

struct Entry {
  const char* method;
  std::string path;  ///< after kBase
  const char* operation_id;
  const char* summary;
  ApiSecurity security = ApiSecurity::kNone;
  std::vector<std::string> scopes{};
  int success = 200;
  std::vector<int> errors{};
  bool body = false;  ///< takes a JSON object
  std::vector<ApiParameter> query{};
  const char* response_type = "application/json";
  const char* response_schema = kObject;
};

ApiParameter query(const char* name, const char* description) {
  return ApiParameter{.name = name, .in = "query", .description = description, .required = false};
}

void describe(http::OpenApi& api, const char* tag, const std::vector<Entry>& entries) {
  for (const auto& e : entries) {
    std::vector<int> errors = e.errors;
    errors.push_back(404);  // an unknown municipality, or an object the caller may not see
    if (e.security != ApiSecurity::kNone) errors.push_back(403);
    api.add({.method = e.method,
             .path = std::string(kBase) + e.path,
             .operation_id = e.operation_id,
             .summary = e.summary,
             .tag = tag,
             .security = e.security,
             .scopes = e.scopes,
             .parameters = e.query,
             .request_schema = e.body ? kObject : "",
             .success_status = e.success,
             .response_content_type = e.response_type,
             .response_schema = e.success == 204 ? "" : e.response_schema,
             .errors = std::move(errors)});
  }
}

}  // namespace

void describe_eservices_routes(http::OpenApi& api) {
  const auto read = std::vector<std::string>{"errands:read"};
  const auto write = std::vector<std::string>{"errands:write"};
  describe(api, "E-services",
           {
               {"GET", "/eservices", "listPublishedEServices", "The e-services the municipality publishes"},
               {"GET", "/eservices/{id}", "getPublishedEService",
                "One published e-service with the municipality's local overrides"},
               {"GET", "/eservices/{id}/definition", "getEServiceDefinition",
                "The e-service's definition (xsd/eservice.xsd) in the published version", ApiSecurity::kNone, {},
                200, {}, false, {}, "application/xml", R"({"type":"string"})"},
               {"POST", "/eservices/{id}/submissions", "submitOnBehalfOfCitizen",
                "Submit the e-service for a citizen identified by personnummer (trusted integrations; validated "
                "like the form, each invalid answer listed in the problem's errors; idempotent by requestId: the "
                "same request again answers 200 with the first receipt)",
                ApiSecurity::kBearer, {"eservices:submit"}, 201, {400, 409}, true},
               {"GET", "/errands", "listErrands", "The municipality's errand inbox", ApiSecurity::kBearerOrSession, read,
                200, {400}, false,
                {query("status", "Only errands in this status"),
                 query("assignedTo", "me (the calling staff user), none, or a handler's user id")}},
               {"GET", "/errands/{reference}", "getErrand", "One errand with its answers (audited)",
                ApiSecurity::kBearerOrSession, read},
               {"POST", "/errands/{reference}/status", "changeErrandStatus", "Move an errand to another status",
                ApiSecurity::kBearerOrSession, write, 200, {400, 409}, true},
               {"GET", "/errands/{reference}/history", "getErrandHistory",
                "The errand's history: status changes, assignments, notes and messages (without their texts)",
                ApiSecurity::kBearerOrSession, read},
               {"PUT", "/errands/{reference}/assignment", "assignErrand",
                "Assign the errand to a case handler of the municipality ({\"handler\": user name or HSA-id})",
                ApiSecurity::kBearerOrSession, write, 200, {400, 409}, true},
               {"DELETE", "/errands/{reference}/assignment", "unassignErrand", "Remove the errand's assignment",
                ApiSecurity::kBearerOrSession, write},
               {"GET", "/errands/{reference}/notes", "listErrandNotes",
                "The errand's internal notes (never shown to the citizen; audited)", ApiSecurity::kBearerOrSession,
                read},
               {"POST", "/errands/{reference}/notes", "addErrandNote", "Add an internal note ({\"body\": text})",
                ApiSecurity::kBearerOrSession, write, 201, {400}, true},
               {"GET", "/errands/{reference}/messages", "listErrandMessages",
                "The messages between the municipality and the citizen, both ways (audited)",
                ApiSecurity::kBearerOrSession, read},
               {"POST", "/errands/{reference}/messages", "sendErrandMessage",
                "Send a message to the citizen, who reads and answers it on Mina sidor ({\"body\": text})",
                ApiSecurity::kBearerOrSession, write, 201, {400, 409}, true},
           });
}

void describe_casehandling_routes(http::OpenApi& api, bool with_bankid_signing) {
  const auto read = std::vector<std::string>{"cases:read"};
  const auto write = std::vector<std::string>{"cases:write"};
  const auto auth = ApiSecurity::kBearerOrSession;
  describe(api, "Case handling",
           {
               {"GET", "/register", "searchPublicRegister",
                "Search the public register (offentlig diarium); secret titles and private persons masked",
                ApiSecurity::kNone, {}, 200, {400}, false,
                {query("q", "Words of the title"), query("board", "A board's diary prefix, e.g. KS"),
                 query("from", "Registered on or after (YYYY-MM-DD)"), query("to", "Registered on or before"),
                 query("number", "A registration number, e.g. KS 2026/142")}},
               {"POST", "/cases", "registerCase", "Register a case in a board's diary", auth, write, 201, {400}, true},
               {"GET", "/cases/{prefix}/{year}/{number}", "getCase", "One case", auth, read},
               {"POST", "/cases/{prefix}/{year}/{number}/status", "changeCaseStatus", "Move a case to another status",
                auth, write, 200, {400, 409}, true},
               {"GET", "/cases/{prefix}/{year}/{number}/history", "getCaseHistory", "The case's history", auth, read},
               {"POST", "/cases/{prefix}/{year}/{number}/links", "linkCases", "Link the case to another case", auth,
                write, 200, {400, 409}, true},
               {"POST", "/cases/{prefix}/{year}/{number}/documents", "registerDocument",
                "Register a document on the case (content checked, secrecy given)", auth, write, 201, {400, 413},
                true},
               {"GET", "/cases/{prefix}/{year}/{number}/documents", "listDocuments", "The case's documents", auth,
                read},
               {"GET", "/cases/{prefix}/{year}/{number}/documents/{document}/content", "getDocumentContent",
                "A document's file; a secret one only for a principal entitled to it", auth, read, 200, {}, false,
                {}, "application/octet-stream", R"({"type":"string","contentEncoding":"binary"})"},
               {"POST", "/diaries/{prefix}/reservations", "reserveNumber",
                "Reserve the next registration number of a diary", auth, write, 201, {400}, true},
               {"POST", "/reservations/{prefix}/{year}/{number}/release", "releaseReservation",
                "Give up a reserved number (recorded as unused, never reused)", auth, write, 200, {400, 409}, true},
           });
  const auto meetings_read = std::vector<std::string>{"cases:read"};
  const auto meetings_write = std::vector<std::string>{"meetings:write"};
  describe(api, "Committees and minutes",
           {
               {"GET", "/boards/{prefix}/members", "listBoardMembers",
                "The board's members and substitutes, with their roles", auth, meetings_read},
               {"POST", "/boards/{prefix}/members", "addBoardMember", "Appoint a member or substitute for a term", auth,
                meetings_write, 201, {400, 409}, true},
               {"POST", "/boards/{prefix}/members/{member}/end", "endBoardMembership", "End a membership early", auth,
                meetings_write, 200, {400, 409}, true},
               {"GET", "/boards/{prefix}/meetings", "listMeetings", "The board's meetings", auth, meetings_read},
               {"POST", "/boards/{prefix}/meetings", "scheduleMeeting", "Schedule a meeting (date and place)", auth,
                meetings_write, 201, {400}, true},
               {"GET", "/meetings/{meeting}", "getMeeting", "One meeting", auth, meetings_read},
               {"GET", "/meetings/{meeting}/agenda", "getAgenda", "The meeting's agenda (föredragningslista)", auth,
                meetings_read},
               {"POST", "/meetings/{meeting}/agenda", "assembleAgenda",
                "Assemble the agenda from the cases prepared for decision", auth, meetings_write, 200, {409}, true},
               {"POST", "/meetings/{meeting}/agenda/items", "addAgendaItem", "Add an item (case or information)", auth,
                meetings_write, 201, {400, 409}, true},
               {"GET", "/meetings/{meeting}/attendance", "getAttendance", "Who is present, absent or serving for whom",
                auth, meetings_read},
               {"PUT", "/meetings/{meeting}/attendance", "recordAttendance",
                "Record attendance; answers whether the board has a quorum", auth, meetings_write, 200, {400, 409},
                true},
               {"GET", "/meetings/{meeting}/minutes", "getMeetingMinutes", "The meeting's minutes", auth,
                meetings_read},
               {"POST", "/meetings/{meeting}/minutes", "openMinutes", "Start the minutes (protokoll) of a meeting",
                auth, meetings_write, 201, {400, 409}, true},
               {"GET", "/minutes/{minutes}", "getMinutes", "Minutes with their adjusters and signatures", auth,
                meetings_read},
               {"GET", "/minutes/{minutes}/paragraphs", "listParagraphs", "The minutes' paragraphs (§)", auth,
                meetings_read},
               {"POST", "/minutes/{minutes}/paragraphs", "addParagraph",
                "Add a paragraph, numbered on per board and year", auth, meetings_write, 201, {400, 409}, true},
               {"POST", "/minutes/{minutes}/signatures", "signMinutes",
                "Adjust (justera) the minutes as chair or adjuster; locked once all have signed",
                ApiSecurity::kSession, {}, 200, {400, 409}, true},
               {"GET", "/paragraphs/{paragraph}", "getParagraph", "One paragraph with motions, votes and decision",
                auth, meetings_read},
               {"PATCH", "/paragraphs/{paragraph}", "editParagraph",
                "Change a paragraph's texts (refused once the minutes are locked)", auth, meetings_write, 200,
                {400, 409}, true},
               {"POST", "/paragraphs/{paragraph}/entries", "addParagraphEntry",
                "Add a motion, reservation or protocol note", auth, meetings_write, 201, {400, 409}, true},
               {"POST", "/paragraphs/{paragraph}/votes", "recordVote",
                "Record an open vote: each member's ja, nej or avstår, and the result", auth, meetings_write, 200,
                {400, 409}, true},
               {"POST", "/paragraphs/{paragraph}/conflicts-of-interest", "recordConflictOfInterest",
                "Record jäv: the member takes no part in the paragraph", auth, meetings_write, 200, {400, 409}, true},
               {"POST", "/paragraphs/{paragraph}/immediate-adjustment", "adjustParagraphImmediately",
                "Adjust one paragraph at once (omedelbar justering)", auth, meetings_write, 200, {400, 409}, true},
               {"GET", "/notice-board", "listNotices",
                "The official notice board (anslagstavla): posted notices with the last day to appeal"},
               {"GET", "/notices/{notice}", "getNotice", "One notice, also after its removal (archived)", auth,
                meetings_read},
           });
  const auto html_string = R"({"type":"string"})";
  describe(api, "Committees and minutes",
           {
               {"GET", "/minutes/{minutes}/document", "getMinutesDocument",
                "The full minutes as an HTML page or a PDF (format=pdf); secret paragraphs' texts only for those "
                "entitled (audited)",
                auth, meetings_read, 200, {400}, false, {query("format", "html (default) or pdf")}, "text/html",
                html_string},
               {"GET", "/minutes/{minutes}/public", "getPublicMinutes",
                "The public version of adjusted minutes as an HTML page or a PDF (format=pdf): a secret paragraph "
                "shows only its number, heading and secrecy reference",
                ApiSecurity::kNone, {}, 200, {400}, false, {query("format", "html (default) or pdf")}, "text/html",
                html_string},
               {"GET", "/open-data/meetings", "listOpenDataMeetings",
                "Open data: the meetings whose minutes are adjusted, newest first"},
               {"GET", "/open-data/meetings/{meeting}/decisions", "getOpenDataDecisions",
                "Open data: the decisions and votes of a meeting's public paragraphs (format=csv: one row per "
                "decision)",
                ApiSecurity::kNone, {}, 200, {400}, false, {query("format", "json (default) or csv")}},
               {"GET", "/open-data/meetings/{meeting}/votes", "getOpenDataVotes",
                "Open data: one CSV row per vote cast in a meeting's public paragraphs (name, party, vote)",
                ApiSecurity::kNone, {}, 200, {}, false, {}, "text/csv", html_string},
           });
  if (!with_bankid_signing) return;
  describe(api, "Committees and minutes",
           {
               {"POST", "/boards/{prefix}/members/{member}/personnummer", "setMemberPersonnummer",
                "Record a member's personnummer (kept only as a keyed blind index) to match BankID signatures", auth,
                meetings_write, 200, {400}, true},
               {"POST", "/minutes/{minutes}/signatures/bankid", "startMinutesBankIdSignature",
                "Start signing the minutes with BankID (the adjuster's own order)", ApiSecurity::kSession, {}, 201,
                {400, 409, 503},
                true},
               {"POST", "/minutes/{minutes}/signatures/bankid/{order}/collect", "collectMinutesBankIdSignature",
                "Poll a BankID signature; on completion it is recorded (and the minutes locked when all have signed)",
                ApiSecurity::kSession, {}, 200, {409, 503}, true},
           });
}

}  // namespace samverkan::server
