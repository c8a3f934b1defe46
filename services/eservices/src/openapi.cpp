#include <string>
#include <vector>

#include "samverkan/eservices/routes.hpp"

namespace samverkan::eservices {
namespace {

constexpr const char* kBase = "/api/v1/municipalities/{kommunkod}";

}  // namespace

void describe_routes(http::OpenApi& api) {
  const auto read = std::vector<std::string>{"errands:read"};
  const auto write = std::vector<std::string>{"errands:write"};
  http::describe(
      api, kBase, "E-services",
      {
          {"GET", "/eservices", "listPublishedEServices", "The e-services the municipality publishes"},
          {"GET", "/eservices/{id}", "getPublishedEService",
           "One published e-service with the municipality's local overrides"},
          {"GET",
           "/eservices/{id}/definition",
           "getEServiceDefinition",
           "The e-service's definition (xsd/eservice.xsd) in the published version",
           http::ApiSecurity::kNone,
           {},
           200,
           {},
           false,
           {},
           "application/xml",
           R"({"type":"string"})"},
          {"POST",
           "/eservices/{id}/submissions",
           "submitOnBehalfOfCitizen",
           "Submit the e-service for a citizen identified by personnummer (trusted integrations; validated "
           "like the form, each invalid answer listed in the problem's errors; idempotent by requestId: the "
           "same request again answers 200 with the first receipt)",
           http::ApiSecurity::kBearer,
           {"eservices:submit"},
           201,
           {400, 409},
           true},
          {"GET",
           "/errands",
           "listErrands",
           "The municipality's errand inbox",
           http::ApiSecurity::kBearerOrSession,
           read,
           200,
           {400},
           false,
           {http::query_parameter("status", "Only errands in this status"),
            http::query_parameter("assignedTo", "me (the calling staff user), none, or a handler's user id"),
            http::query_parameter("limit", "At most this many errands, newest first (1 to 1000; 100 when left out)"),
            http::query_parameter("offset",
                                  "Errands skipped before the first one returned (paging; 0 when left out)")}},
          {"GET", "/errands/{reference}", "getErrand", "One errand with its answers (audited)",
           http::ApiSecurity::kBearerOrSession, read},
          {"POST",
           "/errands/{reference}/status",
           "changeErrandStatus",
           "Move an errand to another status",
           http::ApiSecurity::kBearerOrSession,
           write,
           200,
           {400, 409},
           true},
          {"GET", "/errands/{reference}/history", "getErrandHistory",
           "The errand's history: status changes, assignments, notes and messages (without their texts)",
           http::ApiSecurity::kBearerOrSession, read},
          {"PUT",
           "/errands/{reference}/assignment",
           "assignErrand",
           "Assign the errand to a case handler of the municipality ({\"handler\": user name or HSA-id})",
           http::ApiSecurity::kBearerOrSession,
           write,
           200,
           {400, 409},
           true},
          {"DELETE", "/errands/{reference}/assignment", "unassignErrand", "Remove the errand's assignment",
           http::ApiSecurity::kBearerOrSession, write},
          {"GET", "/errands/{reference}/notes", "listErrandNotes",
           "The errand's internal notes (never shown to the citizen; audited)", http::ApiSecurity::kBearerOrSession,
           read},
          {"POST",
           "/errands/{reference}/notes",
           "addErrandNote",
           "Add an internal note ({\"body\": text})",
           http::ApiSecurity::kBearerOrSession,
           write,
           201,
           {400},
           true},
          {"GET", "/errands/{reference}/messages", "listErrandMessages",
           "The messages between the municipality and the citizen, both ways (audited)",
           http::ApiSecurity::kBearerOrSession, read},
          {"POST",
           "/errands/{reference}/messages",
           "sendErrandMessage",
           "Send a message to the citizen, who reads and answers it on Mina sidor ({\"body\": text})",
           http::ApiSecurity::kBearerOrSession,
           write,
           201,
           {400, 409},
           true},
          {"GET",
           "/statistics/eservices",
           "getEServiceStatistics",
           "Satisfaction (customer satisfaction index from the citizens' survey, shown from "
           "minimumAnswersShown answers on) and first-contact resolution per e-service for a calendar year "
           "(no personal data)",
           http::ApiSecurity::kBearerOrSession,
           {"statistics:read"},
           200,
           {400},
           false,
           {http::query_parameter("year", "The calendar year (Swedish time); this year when left out")}},
          {"GET",
           "/metrics",
           "getEServiceMetrics",
           "This year's satisfaction and first-contact figures in the Prometheus text format (0.0.4), per "
           "e-service and for all of them (service=\"\"); for a monitoring system with an API client holding "
           "statistics:read",
           http::ApiSecurity::kBearerOrSession,
           {"statistics:read"},
           200,
           {},
           false,
           {},
           "text/plain",
           R"({"type":"string"})"},
      });
}

}  // namespace samverkan::eservices
