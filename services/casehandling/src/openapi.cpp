#include <string>
#include <vector>

#include "detail/openapi_parts.hpp"
#include "samverkan/casehandling/routes.hpp"

namespace samverkan::casehandling {
namespace {

constexpr const char* kBase = "/api/v1/municipalities/{kommunkod}";

}  // namespace

void describe_routes(http::OpenApi& api, bool with_bankid_signing) {
  const auto read = std::vector<std::string>{"cases:read"};
  const auto write = std::vector<std::string>{"cases:write"};
  const auto auth = http::ApiSecurity::kBearerOrSession;
  http::describe(
      api, kBase, "Case handling",
      {
          {"GET",
           "/register",
           "searchPublicRegister",
           "Search the public register (offentlig diarium); secret titles and private persons masked",
           http::ApiSecurity::kNone,
           {},
           200,
           {400},
           false,
           {http::query_parameter("q", "Words of the title"),
            http::query_parameter("board", "A board's diary prefix, e.g. KS"),
            http::query_parameter("from", "Registered on or after (YYYY-MM-DD)"),
            http::query_parameter("to", "Registered on or before"),
            http::query_parameter("number", "A registration number, e.g. KS 2026/142")}},
          {"POST", "/cases", "registerCase", "Register a case in a board's diary", auth, write, 201, {400}, true},
          {"GET", "/cases/{prefix}/{year}/{number}", "getCase", "One case", auth, read},
          {"POST",
           "/cases/{prefix}/{year}/{number}/status",
           "changeCaseStatus",
           "Move a case to another status",
           auth,
           write,
           200,
           {400, 409},
           true},
          {"GET", "/cases/{prefix}/{year}/{number}/history", "getCaseHistory", "The case's history", auth, read},
          {"POST",
           "/cases/{prefix}/{year}/{number}/links",
           "linkCases",
           "Link the case to another case",
           auth,
           write,
           200,
           {400, 409},
           true},
          {"POST",
           "/cases/{prefix}/{year}/{number}/documents",
           "registerDocument",
           "Register a document on the case (content checked, secrecy given)",
           auth,
           write,
           201,
           {400, 413},
           true},
          {"GET", "/cases/{prefix}/{year}/{number}/documents", "listDocuments", "The case's documents", auth, read},
          {"GET",
           "/cases/{prefix}/{year}/{number}/documents/{document}/content",
           "getDocumentContent",
           "A document's file; a secret one only for a principal entitled to it",
           auth,
           read,
           200,
           {},
           false,
           {},
           "application/octet-stream",
           R"({"type":"string","contentEncoding":"binary"})"},
          {"POST",
           "/diaries/{prefix}/reservations",
           "reserveNumber",
           "Reserve the next registration number of a diary",
           auth,
           write,
           201,
           {400},
           true},
          {"POST",
           "/reservations/{prefix}/{year}/{number}/release",
           "releaseReservation",
           "Give up a reserved number (recorded as unused, never reused)",
           auth,
           write,
           200,
           {400, 409},
           true},
      });
  describe_meeting_routes(api, with_bankid_signing);
}

}  // namespace samverkan::casehandling
