// The API document's operations for the diary and its cases: the public register, cases,
// status, history, links, documents and reservations, every body typed (routes.cpp writes them:
// case_json, public_case_json, document_json, history_entry_json, reservation_json).
#include <string>
#include <vector>

#include "detail/openapi_parts.hpp"
#include "samverkan/casehandling/routes.hpp"

namespace samverkan::casehandling {
namespace {

constexpr const char* kBase = "/api/v1/municipalities/{kommunkod}";

// --- shared pieces ----------------------------------------------------------------------------

/// A registration number (diarienummer) as CaseNumber::str() writes it: "KS 2026/142".
const std::string kCaseNumber =
    R"({"type":"string","pattern":"^[A-ZÅÄÖ]{1,16} [0-9]{4}/[1-9][0-9]{0,8}$",)"
    R"("description":"registration number (diarienummer): diary prefix, year, number","examples":["KS 2026/142"]})";
/// A diary's prefix (BoardDirectory: 1 to 16 upper-case letters, Å Ä Ö included).
const std::string kPrefix = R"({"type":"string","pattern":"^[A-ZÅÄÖ]{1,16}$","examples":["KS"]})";
/// A Swedish calendar day, "2026-11-22".
const std::string kDate = R"({"type":"string","format":"date"})";
/// A provision of OSL (2009:400) as is_osl_reference accepts it, at most 200 bytes, or empty (no
/// secrecy): the opening members of a request's string schema, to be followed by its description.
const std::string kOslReference =
    R"({"type":"string","maxLength":200,"examples":["OSL 26 kap. 1 §"],)"
    R"("pattern":"^$|^OSL ([1-9]|[1-3][0-9]|4[0-4]) kap\\. [1-9][0-9]{0,2}( [a-z])? §( .*)?$",)";
const std::string kCaseStatus = R"({"type":"string","enum":["open","prepared","decided","closed"],)"
                                R"("description":"open → prepared → decided → closed; prepared may go back to open"})";
const std::string kDirection = R"({"type":"string","enum":["incoming","outgoing","drawn-up"]})";
const std::string kDocumentSecrecy =
    R"({"type":"string","enum":["public","secret","partial"],)"
    R"("description":"public, wholly secret, or partly secret: maskedParts says what the public version hides"})";
const std::string kContentType = R"({"type":"string","enum":["application/pdf","image/png","image/jpeg","text/plain",)"
                                 R"("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)"
                                 R"("application/vnd.oasis.opendocument.text"]})";

// --- responses --------------------------------------------------------------------------------

/// A case as staff and API clients see it (case_json): the real title and the parties' identities.
const std::string kCase =
    R"({"type":"object","required":["number","title","publicTitle","secrecyReference","caseType","handlingUnit",
  "officer","status","registeredOn","parties","links"],"properties":{
  "number":)" +
    kCaseNumber +
    R"(,"title":{"type":"string","description":"the real title, also when it is secret"},
  "publicTitle":{"type":"string","description":"what the public register shows: the title, or \"Sekretess (<provision>)\" when the title is secret"},
  "secrecyReference":{"type":"string","description":"the provision the title is secret under; empty when the title is public"},
  "caseType":{"type":"string","examples":["bygglov"]},
  "handlingUnit":{"type":"string","description":"empty when not given"},
  "officer":{"type":"string","description":"the handläggare's user id; empty when not given"},
  "status":)" +
    kCaseStatus + R"(,"registeredOn":)" + kDate +
    R"(,"parties":{"type":"array","description":"in registration order","items":{"type":"object",
    "required":["kind","identity","name","role"],"properties":{
    "kind":{"type":"string","enum":["person","organisation"]},
    "identity":{"type":"string","pattern":"^[0-9]{10}([0-9]{2})?$","description":"personnummer or samordningsnummer (12 digits) of a person, organisationsnummer (10 digits) of an organisation"},
    "name":{"type":"string"},
    "role":{"type":"string","description":"e.g. sökande; empty when not given"}}}},
  "links":{"type":"array","description":"the cases linked to this one, either way","items":{"type":"object",
    "required":["number","note"],"properties":{"number":)" +
    kCaseNumber + R"(,"note":{"type":"string","description":"empty when not given"}}}}}})";

/// A document of a case (document_json).
const std::string kDocument =
    R"({"type":"object","required":["case","documentNumber","direction","registeredOn","title","publicTitle",
  "counterpartKind","counterpart","secrecy","secrecyReference","maskedParts","contentType","contentSize","contentSha256"],
  "properties":{"case":)" +
    kCaseNumber +
    R"(,"documentNumber":{"type":"integer","minimum":1,"description":"1, 2, ... within the case"},
  "direction":)" +
    kDirection + R"(,"registeredOn":)" + kDate + R"(,
  "title":{"type":"string","description":"the real title, also when the document is secret"},
  "publicTitle":{"type":"string","description":"what the public register shows: the title, or \"Sekretess (<provision>)\" when the document is wholly secret"},
  "counterpartKind":{"type":"string","enum":["","person","organisation"],"description":"the sender's (incoming) or recipient's (outgoing) kind; empty when there is none"},
  "counterpart":{"type":"string","description":"the sender's or recipient's name; empty when there is none"},
  "secrecy":)" +
    kDocumentSecrecy +
    R"(,"secrecyReference":{"type":"string","description":"the provision; empty for a public document"},
  "maskedParts":{"type":"string","description":"what the public version of a partly secret document hides; empty otherwise"},
  "contentType":)" +
    kContentType +
    R"(,"contentSize":{"type":"integer","minimum":1,"description":"bytes"},
  "contentSha256":{"type":"string","pattern":"^[0-9a-f]{64}$","description":"SHA-256 of the content, hex"}}})";

/// A case as the public register shows it (public_case_json): public titles, no private person.
const std::string kPublicCase =
    R"({"type":"object","required":["number","board","title","secrecyReference","caseType","status","registeredOn",
  "parties","documents"],"properties":{"number":)" +
    kCaseNumber +
    R"(,"board":{"type":"string","description":"the board's name; empty when the diary has no board any more"},
  "title":{"type":"string","description":"the public title: \"Sekretess (<provision>)\" when the title is secret"},
  "secrecyReference":{"type":"string","description":"the provision when the title is secret; empty otherwise"},
  "caseType":{"type":"string"},"status":)" +
    kCaseStatus + R"(,"registeredOn":)" + kDate +
    R"(,"parties":{"type":"array","items":{"type":"object","required":["kind","name","role"],"properties":{
    "kind":{"type":"string","enum":["person","organisation"]},
    "name":{"type":"string","description":"an organisation's name; a private person is always \"(privatperson)\""},
    "role":{"type":"string"}}}},
  "documents":{"type":"array","items":{"type":"object","required":["documentNumber","direction","registeredOn","title",
    "counterpart","secrecy","secrecyReference","maskedParts"],"properties":{
    "documentNumber":{"type":"integer","minimum":1},"direction":)" +
    kDirection + R"(,"registeredOn":)" + kDate + R"(,
    "title":{"type":"string","description":"the public title: \"Sekretess (<provision>)\" when the document is wholly secret"},
    "counterpart":{"type":"string","description":"an organisation's name, \"(privatperson)\", or empty when there is none"},
    "secrecy":)" +
    kDocumentSecrecy +
    R"(,"secrecyReference":{"type":"string","description":"empty for a public document"},
    "maskedParts":{"type":"string","description":"what the public version hides; empty unless partly secret"}}}}}})";

/// A reserved or given-up number (reservation_json); `status` is the only value it can have.
std::string reservation_schema(const std::string& status, const std::string& meaning) {
  return R"({"type":"object","required":["number","status"],"properties":{"number":)" + kCaseNumber +
         R"(,"status":{"type":"string","const":")" + status + R"(","description":")" + meaning + R"("}}})";
}

// --- requests ---------------------------------------------------------------------------------

const std::string kNewCase =
    R"({"type":"object","required":["diary","title","caseType"],"properties":{
  "diary":)" +
    kPrefix +
    R"(,"title":{"type":"string","minLength":1,"maxLength":500,"description":"not blank; at most 500 bytes of UTF-8"},
  "caseType":{"type":"string","minLength":1,"maxLength":100,"description":"not blank; at most 100 bytes","examples":["bygglov"]},
  "handlingUnit":{"type":"string","maxLength":100},
  "officer":{"type":"string","maxLength":100,"description":"the handläggare's user id"},
  "secrecyReference":)" +
    kOslReference +
    R"("description":"not empty: the title is secret under this provision of OSL, and the public register shows \"Sekretess (<provision>)\" instead"},)" +
    R"("reservedNumber":{"type":"string","pattern":"^$|^[A-ZÅÄÖ]{1,16} [0-9]{4}/[1-9][0-9]{0,8}$",)"
    R"("description":"not empty: register under this reservation (reserveNumber) of the same diary"},
  "parties":{"type":"array","maxItems":100,"items":{"type":"object","required":["kind","identity","name"],"properties":{
    "kind":{"type":"string","enum":["person","organisation"]},
    "identity":{"type":"string","description":"a person's personnummer or samordningsnummer, an organisation's organisationsnummer, in any common form"},
    "name":{"type":"string","minLength":1,"maxLength":300},
    "role":{"type":"string","maxLength":100,"description":"e.g. sökande, klagande, ombud"}}}}},
  "examples":[{"diary":"KS","title":"Bygglov för carport","caseType":"bygglov","handlingUnit":"Bygglovsenheten",
    "parties":[{"kind":"person","identity":"19121212-1212","name":"Tolvan Tolvansson","role":"sökande"},
               {"kind":"organisation","identity":"556677-8899","name":"Byggbolaget AB","role":"ombud"}]}]})";

const std::string kStatusChange = R"({"type":"object","required":["status"],"properties":{"status":)" + kCaseStatus +
                                  R"(},"examples":[{"status":"prepared"}]})";

const std::string kLink = R"({"type":"object","required":["to"],"properties":{"to":)" + kCaseNumber +
                          R"(,"note":{"type":"string","maxLength":500,"description":"at most 500 bytes"}},
  "examples":[{"to":"KS 2026/3","note":"överklagande av beslutet"}]})";

const std::string kNewDocument =
    R"({"type":"object","required":["direction","title","contentType","contentBase64"],"properties":{
  "direction":)" +
    kDirection +
    R"(,"title":{"type":"string","minLength":1,"maxLength":500,"description":"not blank; at most 500 bytes"},
  "counterpartKind":{"type":"string","enum":["person","organisation",""],"description":"the sender (incoming) or recipient (outgoing); required with counterpart, not allowed on a drawn-up document; empty or absent: none"},
  "counterpart":{"type":"string","maxLength":300,"description":"the sender's or recipient's name; only with counterpartKind"},
  "registeredOn":{"type":"string","format":"date","description":"default: today, the Swedish calendar day"},
  "contentType":)" +
    kContentType +
    R"(,"contentBase64":{"type":"string","contentEncoding":"base64","description":"the file, at most 20 MiB (413 above); its first bytes must match contentType, text/plain must be UTF-8 without NUL"},
  "secrecy":{"type":"string","enum":["public","secret","partial",""],"description":"empty or absent: public"},
  "secrecyReference":)" +
    kOslReference + R"("description":"required for secret and partial, empty or absent for public"},
  "maskedParts":{"type":"string","maxLength":500,"description":"what the public version hides; required for partial, not allowed otherwise"}},
  "examples":[{"direction":"incoming","title":"Ansökan om bygglov","counterpartKind":"person",
    "counterpart":"Tolvan Tolvansson","registeredOn":"2026-11-22","contentType":"application/pdf",
    "contentBase64":"JVBERi0xLjcgdGVzdA==","secrecy":"partial","secrecyReference":"OSL 21 kap. 1 §",
    "maskedParts":"uppgifter om sökandens hälsa"}]})";

const std::string kReserve =
    R"({"type":"object","properties":{"note":{"type":"string","maxLength":1000,"description":"why it is reserved; at most 1000 bytes"}},
  "description":"an empty body is accepted too","examples":[{"note":"väntat överklagande"}]})";

const std::string kRelease =
    R"({"type":"object","required":["reason"],"properties":{"reason":{"type":"string","minLength":1,"maxLength":1000,
  "description":"why the number is given up; at most 1000 bytes"}},"examples":[{"reason":"ärendet kom aldrig in"}]})";

}  // namespace

void describe_routes(http::OpenApi& api, bool with_bankid_signing) {
  const auto read = std::vector<std::string>{"cases:read"};
  const auto write = std::vector<std::string>{"cases:write"};
  const auto auth = http::ApiSecurity::kBearerOrSession;
  http::describe(
      api, kBase, "Case handling",
      {
          {.method = "GET",
           .path = "/register",
           .operation_id = "searchPublicRegister",
           .summary = "Search the public register (offentlig diarium); secret titles and private persons masked",
           .security = http::ApiSecurity::kNone,
           .errors = {400},
           .query = {http::query_parameter("q", "Words of the title (at most 8, 200 bytes)"),
                     http::query_parameter("board", "A board's diary prefix, e.g. KS"),
                     {"from", "query", "Registered on or after (YYYY-MM-DD)", kDate, false},
                     {"to", "query", "Registered on or before (YYYY-MM-DD)", kDate, false},
                     {"number", "query", "A registration number, e.g. KS 2026/142", kCaseNumber, false},
                     {"limit", "query", "1 to 200 (50)", R"({"type":"integer","minimum":1,"maximum":200})", false},
                     {"offset", "query", "cases to skip (0)", R"({"type":"integer","minimum":0,"maximum":1000000})",
                      false}},
           .response_schema = R"({"type":"object","required":["cases"],"properties":{"cases":{"type":"array",
             "description":"newest registrations first","items":)" +
                              kPublicCase + "}}}"},
          {.method = "POST",
           .path = "/cases",
           .operation_id = "registerCase",
           .summary = "Register a case in a board's diary",
           .security = auth,
           .scopes = write,
           .success = 201,
           .errors = {400, 409},
           .request_schema = kNewCase,
           .response_schema = kCase},
          {.method = "GET",
           .path = "/cases/{prefix}/{year}/{number}",
           .operation_id = "getCase",
           .summary = "One case",
           .security = auth,
           .scopes = read,
           .response_schema = kCase},
          {.method = "POST",
           .path = "/cases/{prefix}/{year}/{number}/status",
           .operation_id = "changeCaseStatus",
           .summary = "Move a case to another status",
           .security = auth,
           .scopes = write,
           .errors = {400, 409},
           .request_schema = kStatusChange,
           .response_schema = kCase},
          {.method = "GET",
           .path = "/cases/{prefix}/{year}/{number}/history",
           .operation_id = "getCaseHistory",
           .summary = "The case's history, oldest first",
           .security = auth,
           .scopes = read,
           .response_schema = R"({"type":"object","required":["history"],"properties":{"history":{"type":"array",
             "items":{"type":"object","required":["at","principal","action","detail"],"properties":{
             "at":{"type":"string","format":"date-time"},
             "principal":{"type":"string","description":"who did it: a principal's id"},
             "action":{"type":"string","enum":["registered","status","linked","document"]},
             "detail":{"type":"string","description":"registered: the number; status: \"open -> prepared\"; linked: the other case's number; document: \"document 2\""}}}}}})"},
          {.method = "POST",
           .path = "/cases/{prefix}/{year}/{number}/links",
           .operation_id = "linkCases",
           .summary = "Link the case to another case (no content)",
           .security = auth,
           .scopes = write,
           .success = 204,
           .errors = {400, 409},
           .request_schema = kLink},
          {.method = "POST",
           .path = "/cases/{prefix}/{year}/{number}/documents",
           .operation_id = "registerDocument",
           .summary = "Register a document on the case (content checked, secrecy given)",
           .security = auth,
           .scopes = write,
           .success = 201,
           .errors = {400, 409, 413},
           .request_schema = kNewDocument,
           .response_schema = kDocument},
          {.method = "GET",
           .path = "/cases/{prefix}/{year}/{number}/documents",
           .operation_id = "listDocuments",
           .summary = "The case's documents, in document order",
           .security = auth,
           .scopes = read,
           .response_schema = R"({"type":"object","required":["documents"],"properties":{"documents":{"type":"array",
             "items":)" + kDocument +
                              "}}}"},
          {.method = "GET",
           .path = "/cases/{prefix}/{year}/{number}/documents/{document}/content",
           .operation_id = "getDocumentContent",
           .summary = "A document's file, in its own content type; a secret one only for a principal entitled to it",
           .security = auth,
           .scopes = read,
           .response_type = "application/octet-stream",
           .response_schema = R"({"type":"string","contentEncoding":"binary"})",
           // The answer carries the content type the document was registered with (one of these).
           .other_response_types = {"application/pdf", "image/png", "image/jpeg", "text/plain",
                                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                    "application/vnd.oasis.opendocument.text"}},
          {.method = "POST",
           .path = "/diaries/{prefix}/reservations",
           .operation_id = "reserveNumber",
           .summary = "Reserve the next registration number of a diary",
           .security = auth,
           .scopes = write,
           .success = 201,
           .errors = {400},
           .request_schema = kReserve,
           .response_schema =
               reservation_schema("reserved", "reserved: to be used by registerCase (reservedNumber) or given up")},
          {.method = "POST",
           .path = "/reservations/{prefix}/{year}/{number}/release",
           .operation_id = "releaseReservation",
           .summary = "Give up a reserved number (recorded as unused, never reused)",
           .security = auth,
           .scopes = write,
           .errors = {400, 409},
           .request_schema = kRelease,
           .response_schema = reservation_schema("unused", "unused: given up, never handed out again")},
      });
  describe_meeting_routes(api, with_bankid_signing);
}

}  // namespace samverkan::casehandling
