// The hiring API's part of the OpenAPI document: every body typed (routes.cpp writes them).
#include <string>

#include "samverkan/hiring/routes.hpp"

namespace samverkan::hiring {
namespace {

const std::string kBase = "/api/v1/municipalities/{kommunkod}";
const std::string kTag = "Hiring";

const std::string kDate = R"({"type":"string","format":"date"})";
const std::string kTime = R"({"type":["string","null"],"format":"date-time"})";
const std::string kSeconds = R"({"type":["integer","null"],"minimum":0})";
const std::string kStrings = R"({"type":"array","items":{"type":"string"},"maxItems":100})";
const std::string kRoles =
    R"({"type":"array","items":{"type":"string","pattern":"^[^/]+/[^/]+$","description":"system/role"}})";

const std::string kForm = R"({"type":"object","required":["givenName","familyName","personnummer","privateEmail",
  "mobile","employmentType","startDate","title","unit"],"properties":{
  "givenName":{"type":"string","minLength":1},"familyName":{"type":"string","minLength":1},
  "personnummer":{"type":"string","description":"personnummer or samordningsnummer","examples":["199001012384"]},
  "privateEmail":{"type":"string","format":"email","description":"for the invitation before day one"},
  "mobile":{"type":"string"},
  "protectedIdentity":{"type":"boolean","description":"skyddad identitet: the contract is never sent on paper with an address"},
  "street":{"type":"string"},"postalCode":{"type":"string"},"city":{"type":"string"},
  "employmentType":{"type":"string","enum":["permanent","fixed-term","hourly"]},
  "startDate":)" + kDate + R"(,"endDate":{"type":"string","description":"YYYY-MM-DD; required for fixed-term"},
  "title":{"type":"string","examples":["Undersköterska"]},
  "unit":{"type":"string","description":"a hiring unit's id from the member's <hiring> settings"},
  "equipment":)" + kStrings +
                          R"(,"cardAreas":)" + kStrings + R"(,"roles":)" + kRoles + R"(,
  "employmentRate":{"type":["integer","string"],"description":"percent, 1 to 100"},
  "monthlySalary":{"type":["integer","string"],"description":"SEK a month; may be left out for hourly"},
  "otherTerms":{"type":"string"}}})";

const std::string kOrder = R"({"type":"object","required":["id","purpose","kind","status","dueAt"],"properties":{
  "id":{"type":"integer"},"purpose":{"type":"string","description":"hire, changeN, termination, end-YYYYMMDD"},
  "kind":{"type":"string","enum":["employment","account","equipment","card","permissions"]},
  "status":{"type":"string","enum":["ordered","confirmed","done","failed","overdue","cancelled"]},
  "summary":{"type":"string"},"reference":{"type":"string","description":"the system's id of the order"},
  "failure":{"type":"string"},"createdAt":)" +
                           kTime + R"(,"runAt":)" + kTime + R"(,"atRiskAt":)" + kTime + R"(,"dueAt":)" + kTime +
                           R"(,"confirmedAt":)" + kTime + R"(,"doneAt":)" + kTime + R"(,"escalatedAt":)" + kTime +
                           R"(,"leadTimeSeconds":)" + kSeconds + "}}";

const std::string kHireStatus = R"({"type":"string","enum":["submitted","ready","ending","ended"]})";
const std::string kContractState =
    R"({"type":"string","enum":["none","drawn-up","registered","sent","signed","failed"]})";

const std::string kHire = R"({"type":"object","required":["id","status","unit","startDate","orders","contract"],
  "properties":{"id":{"type":"string","pattern":"^[0-9]{10}$","description":"the employment number"},
  "status":)" + kHireStatus +
                          R"(,"givenName":{"type":"string"},"familyName":{"type":"string"},
  "personnummer":{"type":"string","pattern":"^[0-9]{12}$"},"privateEmail":{"type":"string"},"mobile":{"type":"string"},
  "protectedIdentity":{"type":"boolean"},"street":{"type":"string"},"postalCode":{"type":"string"},
  "city":{"type":"string"},"employmentType":{"type":"string"},"startDate":)" +
                          kDate + R"(,
  "endDate":{"type":"string"},"title":{"type":"string"},"unit":{"type":"string"},"unitName":{"type":"string"},
  "workplace":{"type":"string"},"manager":{"type":"string"},"managerName":{"type":"string"},
  "account":{"type":"string","description":"the user account name"},"equipment":)" +
                          kStrings + R"(,"cardAreas":)" + kStrings + R"(,"roles":)" + kRoles + R"(,
  "employmentRate":{"type":"integer"},"monthlySalary":{"type":"integer"},"otherTerms":{"type":"string"},
  "submittedAt":)" + kTime +
                          R"(,"readyAt":)" + kTime + R"(,"endedAt":)" + kTime + R"(,
  "leadTimeSeconds":)" + kSeconds +
                          R"(,"contract":{"type":"object","properties":{"state":)" + kContractState + R"(,
    "sha256":{"type":"string"},"caseNumber":{"type":"string"},"letter":{"type":"string"},"signedAt":)" +
                          kTime + R"(}},"orders":{"type":"array","items":)" + kOrder + "}}}";

const std::string kSummary = R"({"type":"object","required":["id","status"],"properties":{
  "id":{"type":"string"},"status":)" +
                             kHireStatus + R"(,"givenName":{"type":"string"},
  "familyName":{"type":"string"},"title":{"type":"string"},"unit":{"type":"string"},"startDate":)" +
                             kDate + R"(,
  "manager":{"type":"string"},"submittedAt":)" +
                             kTime + R"(,"readyAt":)" + kTime + R"(,"contract":)" + kContractState +
                             R"(,"orders":{"type":"integer"},"ordersDone":{"type":"integer"},
  "late":{"type":"integer","description":"orders overdue or escalated and not done"},"failed":{"type":"integer"}}})";

}  // namespace

void describe_routes(http::OpenApi& api) {
  const std::vector<std::string> read{"hiring:read"}, write{"hiring:write"};
  const auto security = http::ApiSecurity::kBearerOrSession;
  api.add({.method = "POST",
           .path = kBase + "/hires",
           .operation_id = "createHire",
           .summary = "Submit the manager's form for a new employee",
           .description = "Checks the form (400 with errors naming each field), refuses a unit the principal may not "
                          "hire into (404) and a person with an open hire in the municipality (409), gives the "
                          "employment its number and the account its name, and orders in the background, each "
                          "with its own idempotency key and a due time in Swedish working days before the first "
                          "day: the employment (HR system), the account and the equipment (IT service desk), the "
                          "card (property access) and the roles (permission system).",
           .tag = kTag,
           .security = security,
           .scopes = write,
           .request_schema = kForm,
           .success_status = 201,
           .response_schema = kHire,
           .errors = {400, 401, 403, 404, 409}});
  api.add(
      {.method = "GET",
       .path = kBase + "/hires",
       .operation_id = "listHires",
       .summary = "The hires the principal sees, newest first",
       .description = "A manager sees the units HR recorded for them; HR and API clients every unit. Audited.",
       .tag = kTag,
       .security = security,
       .scopes = read,
       .parameters = {{"status", "query", "submitted, ready, ending or ended", kHireStatus, false},
                      http::query_parameter("unit", "a hiring unit's id"),
                      {"late", "query", "only hires with an order overdue or at risk", R"({"type":"boolean"})", false},
                      {"startsFrom", "query", "first day on or after", kDate, false},
                      {"startsTo", "query", "first day on or before", kDate, false},
                      {"limit", "query", "1 to 500 (100)", R"({"type":"integer","minimum":1,"maximum":500})", false},
                      {"offset", "query", "hires to skip", R"({"type":"integer","minimum":0})", false}},
       .response_schema = R"({"type":"object","required":["hires"],"properties":{"hires":{"type":"array",
             "items":)" + kSummary +
                          "}}}",
       .errors = {400, 401, 403, 404}});
  api.add({.method = "GET",
           .path = kBase + "/hires/{id}",
           .operation_id = "getHire",
           .summary = "One hire: its status, every order with its due and done times, the contract, the lead time",
           .description = "Audited. A hire outside what the principal sees is 404, like one that does not exist.",
           .tag = kTag,
           .security = security,
           .scopes = read,
           .response_schema = kHire,
           .errors = {401, 403, 404}});
  api.add({.method = "POST",
           .path = kBase + "/hires/{id}/change",
           .operation_id = "changeHire",
           .summary = "Change unit, title or roles from a date, or extend a fixed-term employment",
           .description = "Computes the permission delta: roles bound to the old unit only are revoked and the new "
                          "unit's default roles granted at 00:00 Swedish time on the effective date; the HR system "
                          "is told at once.",
           .tag = kTag,
           .security = security,
           .scopes = write,
           .request_schema = R"({"type":"object","required":["effectiveDate"],"properties":{
             "effectiveDate":)" +
                             kDate + R"(,"unit":{"type":"string"},"title":{"type":"string"},
             "addRoles":)" + kRoles +
                             R"(,"removeRoles":)" + kRoles + R"(,
             "endDate":{"type":"string","description":"a fixed-term employment's new last day"}}})",
           .response_schema = R"({"type":"object","required":["purpose","granted","revoked"],"properties":{
             "purpose":{"type":"string"},"granted":)" +
                              kRoles + R"(,"revoked":)" + kRoles + "}}",
           .errors = {400, 401, 403, 404, 409}});
  api.add({.method = "POST",
           .path = kBase + "/hires/{id}/termination",
           .operation_id = "terminateHire",
           .summary = "End the employment after its last day",
           .description = "The HR system is told at once; every role is revoked, the card deactivated and the "
                          "equipment ordered back at 00:00 Swedish time after the last day.",
           .tag = kTag,
           .security = security,
           .scopes = write,
           .request_schema = R"({"type":"object","required":["lastDay"],"properties":{"lastDay":)" + kDate + "}}",
           .response_schema = kHire,
           .errors = {400, 401, 403, 404, 409}});
  api.add({.method = "GET",
           .path = kBase + "/hiring/lead-times",
           .operation_id = "getHiringLeadTimes",
           .summary = "Median lead times from the form to ready for day one, and per order kind",
           .tag = kTag,
           .security = security,
           .scopes = read,
           .response_schema = R"({"type":"object","required":["hiresReady","orderKindMedianSeconds"],"properties":{
             "hiresReady":{"type":"integer"},"medianSeconds":)" +
                              kSeconds + R"(,
             "orderKindMedianSeconds":{"type":"object","additionalProperties":{"type":"integer"}}}})",
           .errors = {401, 403, 404}});
}

}  // namespace samverkan::hiring
