#pragma once
// The isolation matrix over every route of the platform (issue 20, point 8), identical on
// SQLite (isolation_matrix_routes_test) and PostgreSQL (isolation_matrix_routes_pgtest).
//
// The whole platform runs in process (Höglandet, BankID simulator). Eksjö ("B") gets one of
// every object its services keep, made through its own API client: an errand with a note and a
// message, a case with a document, a reserved number, a board member, a meeting with agenda,
// attendance, minutes and a paragraph, a letter and a bulk batch. Aneby ("A") keeps nothing.
// Then every route of the router's route table is called by each kind of Aneby principal:
//  (1) with Eksjö's kommunkod and Eksjö's ids: refused (403/404, problem+json on the API), the
//      refusal in Eksjö's audit chain, nothing of Eksjö's in the answer;
//  (2) with Aneby's kommunkod and Eksjö's ids: 404, nothing of Eksjö's in the answer (a lookup
//      in one's own municipality that finds nothing is not a refusal; nothing is audited).
// Citizens are no member's: they are checked with another citizen's errand, and with their own
// errand of Eksjö under Aneby's kommunkod. Every route of the table needs a row in matrix()
// (or is reported by name), and every row must name a route of the table.
#include <Poco/URI.h>
#include <soci/soci.h>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "libcore/bankid/bankid_fixture.hpp"
#include "samverkan/auth/api_clients.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/server/platform_fixture.hpp"
#include "support/example_copy.hpp"
#include "support/https_client.hpp"

namespace samverkan::test::isolation {

inline const auto kAneby = ids::Kommunkod::parse("0604");  // A: the caller's municipality
inline const auto kEksjo = ids::Kommunkod::parse("0686");  // B: the one whose data is probed

/// Text that only Eksjö's objects hold: an answer that contains it leaks.
inline constexpr const char* kSecret = "EKSJOHEMLIS";
inline constexpr const char* kOwner = "191212121212";  // the citizen whose errand is Eksjö's

/// How a route is checked.
enum class Kind {
  kExempt,       ///< no member's data and no member's ids: `why` says so; not called
  kApi,          ///< needs a principal; (1) for every member principal, (2) when it takes ids
  kPublicApi,    ///< public data of the path's member: (2) only (another member's public data is public)
  kStaffPage,    ///< a staff page (session cookie): (1) for every staff principal, (2) with ids
  kCitizenPage,  ///< a citizen page: another citizen's errand, and one's own under the wrong member
};

/// One row of the matrix. `path` and `body` name the call: {kommunkod} and {csrf} are filled
/// per call, every other {name} with Eksjö's object of that name (World::ids).
struct Row {
  std::string method;
  std::string pattern;  ///< as in the route table
  Kind kind;
  std::string path = {};  ///< empty: the pattern itself
  std::string body = {};
  std::string why = {};  ///< for kExempt: why the route needs no row of calls
  /// A route mounted only with a cooperation some member of which runs the service (hiring).
  bool conditional = false;
};

inline const std::string kApiBase = "/api/v1/municipalities/{kommunkod}";

inline std::vector<Row> matrix() {
  const std::string letter =
      R"({"clientRequestId":"intrang-1","recipient":"19121212-1212","subject":"Intrång","body":"Hej",)"
      R"("support":{"text":"Ring oss"}})";
  const std::string intake = R"({"requestId":"intrang-1","personnummer":"198507099805","version":1,)"
                             R"("answers":{"fault-type":"pothole","description":"Intrång","address":"Storgatan 1"}})";
  const std::string member = R"({"term":"{year}-{year}","userId":"intrang","name":"Intrång","kind":"ordinary",)"
                             R"("validFrom":"{year}-01-01"})";
  const auto api = [](std::string method, const std::string& pattern, std::string path = {}, std::string body = {}) {
    return Row{std::move(method), kApiBase + pattern, Kind::kApi, path.empty() ? std::string() : kApiBase + path,
               std::move(body)};
  };
  const auto public_api = [](const std::string& pattern, std::string path, std::string why = {}) {
    return Row{"GET",
               kApiBase + pattern,
               path.empty() ? Kind::kExempt : Kind::kPublicApi,
               path.empty() ? std::string() : kApiBase + path,
               {},
               std::move(why)};
  };
  const auto exempt = [](std::string method, std::string pattern, std::string why) {
    return Row{std::move(method), std::move(pattern), Kind::kExempt, {}, {}, std::move(why)};
  };
  const auto form = [](const std::string& method) { return std::string(method == "POST" ? "_csrf={csrf}" : ""); };
  const auto staff = [form](std::string method, std::string pattern, std::string path = {}, bool conditional = false) {
    std::string body = form(method);
    return Row{std::move(method), std::move(pattern), Kind::kStaffPage, std::move(path), std::move(body), {},
               conditional};
  };
  const auto citizen = [form](std::string method, std::string pattern, std::string path) {
    std::string body = form(method);
    return Row{std::move(method), std::move(pattern), Kind::kCitizenPage, std::move(path), std::move(body)};
  };
  const std::string no_data = "no member's kommunkod, ids or personal data";
  return {
      // The platform's own routes.
      exempt("GET", "/health", "liveness and readiness: " + no_data),
      exempt("GET", "/metrics",
             "the operator's figures (the metrics token, not a member's principal): counts by route pattern, "
             "queue and member, no ids or personal data (metrics_test)"),
      exempt("GET", "/api/v1/openapi.json", "the API document: " + no_data),
      exempt("GET", "/.well-known/jwks.json", "public keys of the token issuer: " + no_data),
      exempt("POST", "/oauth/token", "client credentials are checked; the token names its own municipality only"),
      exempt("GET", "/api/v1/whoami", "answers the caller's own principal, nothing of another"),
      exempt("POST", "/api/v1/staff/login", "login: the user's own credentials (staff_login_test)"),
      exempt("POST", "/api/v1/staff/logout", "ends the caller's own session"),
      exempt("POST", "/api/v1/login/bankid", "starts a login order for the caller's own session"),
      exempt("POST", "/api/v1/login/bankid/{loginId}/collect",
             "the order is the caller's own session's (citizen_login_test); no member in the path"),
      exempt("GET", "/api/v1/login/bankid/{loginId}/qr",
             "the QR code of the caller's own login order (citizen_login_test); no member in the path"),
      exempt("DELETE", "/api/v1/login/bankid/{loginId}", "cancels the caller's own session's login order"),

      // E-services (services/eservices/src/routes.cpp).
      public_api("/eservices", {}, "the published catalogue of the member: public, no ids"),
      public_api("/eservices/{id}", "/eservices/{eservice}"),
      public_api("/eservices/{id}/definition", "/eservices/{eservice}/definition"),
      api("GET", "/errands"),
      api("GET", "/errands/{reference}", "/errands/{errand}"),
      api("POST", "/errands/{reference}/status", "/errands/{errand}/status", R"({"status":"in-progress"})"),
      api("GET", "/errands/{reference}/history", "/errands/{errand}/history"),
      api("GET", "/errands/{reference}/attachments/{field}", "/errands/{errand}/attachments/photo"),
      api("POST", "/eservices/{id}/submissions", "/eservices/{eservice}/submissions", intake),
      api("PUT", "/errands/{reference}/assignment", "/errands/{errand}/assignment", R"({"handler":"anna.aneby"})"),
      api("DELETE", "/errands/{reference}/assignment", "/errands/{errand}/assignment"),
      api("GET", "/errands/{reference}/notes", "/errands/{errand}/notes"),
      api("POST", "/errands/{reference}/notes", "/errands/{errand}/notes", R"({"body":"Intrång"})"),
      api("GET", "/errands/{reference}/messages", "/errands/{errand}/messages"),
      api("POST", "/errands/{reference}/messages", "/errands/{errand}/messages", R"({"body":"Intrång"})"),
      api("GET", "/statistics/eservices"),
      api("GET", "/metrics"),

      // Case handling: the diary (services/casehandling/src/routes.cpp).
      public_api("/register", {}, "the public register of the member's diary: public by law, no ids"),
      api("POST", "/cases", {}, R"({"diary":"KS","title":"Intrång","caseType":"bygglov"})"),
      api("GET", "/cases/{prefix}/{year}/{number}", "/cases/{case}"),
      api("POST", "/cases/{prefix}/{year}/{number}/status", "/cases/{case}/status", R"({"status":"prepared"})"),
      api("GET", "/cases/{prefix}/{year}/{number}/history", "/cases/{case}/history"),
      api("POST", "/cases/{prefix}/{year}/{number}/links", "/cases/{case}/links", R"({"to":"{case_number}"})"),
      api("POST", "/cases/{prefix}/{year}/{number}/documents", "/cases/{case}/documents",
          R"({"direction":"incoming","title":"Intrång","contentType":"text/plain","contentBase64":"SGVq"})"),
      api("GET", "/cases/{prefix}/{year}/{number}/documents", "/cases/{case}/documents"),
      api("GET", "/cases/{prefix}/{year}/{number}/documents/{document}/content",
          "/cases/{case}/documents/{document}/content"),
      api("POST", "/diaries/{prefix}/reservations", "/diaries/KS/reservations", R"({"note":"Intrång"})"),
      api("POST", "/reservations/{prefix}/{year}/{number}/release", "/reservations/{reservation}/release",
          R"({"reason":"Intrång"})"),

      // Case handling: boards, meetings, minutes.
      api("GET", "/boards/{prefix}/members", "/boards/KS/members"),
      api("POST", "/boards/{prefix}/members", "/boards/KS/members", member),
      api("POST", "/boards/{prefix}/members/{member}/end", "/boards/KS/members/{member}/end",
          R"({"validTo":"{year}-12-31"})"),
      api("POST", "/boards/{prefix}/members/{member}/personnummer", "/boards/KS/members/{member}/personnummer",
          R"({"personnummer":"198507099805"})"),
      api("GET", "/boards/{prefix}/meetings", "/boards/KS/meetings"),
      api("POST", "/boards/{prefix}/meetings", "/boards/KS/meetings",
          R"({"date":"{year}-06-11","startsAt":"13:00","place":"Intrång"})"),
      api("GET", "/meetings/{meeting}", "/meetings/{meeting}"),
      api("GET", "/meetings/{meeting}/agenda", "/meetings/{meeting}/agenda"),
      api("POST", "/meetings/{meeting}/agenda", "/meetings/{meeting}/agenda"),
      api("POST", "/meetings/{meeting}/agenda/items", "/meetings/{meeting}/agenda/items", R"({"heading":"Intrång"})"),
      api("GET", "/meetings/{meeting}/attendance", "/meetings/{meeting}/attendance"),
      api("PUT", "/meetings/{meeting}/attendance", "/meetings/{meeting}/attendance",
          R"({"attendance":[{"userId":"ledamot","presence":"absent"}]})"),
      api("POST", "/meetings/{meeting}/minutes", "/meetings/{meeting}/minutes",
          R"({"keptAt":"Intrång","adjusters":["ledamot"]})"),
      api("GET", "/meetings/{meeting}/minutes", "/meetings/{meeting}/minutes"),
      api("GET", "/minutes/{minutes}", "/minutes/{minutes}"),
      api("GET", "/minutes/{minutes}/paragraphs", "/minutes/{minutes}/paragraphs"),
      api("POST", "/minutes/{minutes}/paragraphs", "/minutes/{minutes}/paragraphs", R"({"heading":"Intrång"})"),
      api("POST", "/minutes/{minutes}/signatures", "/minutes/{minutes}/signatures", R"({"signature":"Intrång"})"),
      api("POST", "/minutes/{minutes}/signatures/bankid", "/minutes/{minutes}/signatures/bankid"),
      api("POST", "/minutes/{minutes}/signatures/bankid/{order}/collect",
          "/minutes/{minutes}/signatures/bankid/{order}/collect"),
      api("GET", "/minutes/{minutes}/document", "/minutes/{minutes}/document"),
      public_api("/minutes/{minutes}/public", "/minutes/{minutes}/public"),
      api("GET", "/paragraphs/{paragraph}", "/paragraphs/{paragraph}"),
      api("PATCH", "/paragraphs/{paragraph}", "/paragraphs/{paragraph}", R"({"decision":"Intrång"})"),
      api("POST", "/paragraphs/{paragraph}/entries", "/paragraphs/{paragraph}/entries",
          R"({"kind":"motion","userId":"ledamot","text":"Intrång"})"),
      api("POST", "/paragraphs/{paragraph}/conflicts-of-interest", "/paragraphs/{paragraph}/conflicts-of-interest",
          R"({"userId":"ledamot"})"),
      api("POST", "/paragraphs/{paragraph}/votes", "/paragraphs/{paragraph}/votes",
          R"({"yesMeans":"a","noMeans":"b","votes":{"ledamot":"ja"}})"),
      api("POST", "/paragraphs/{paragraph}/immediate-adjustment", "/paragraphs/{paragraph}/immediate-adjustment"),
      public_api("/notice-board", {}, "the member's notice board: public by law (kommunallagen 8 kap.), no ids"),
      api("GET", "/notices/{notice}", "/notices/{notice}"),
      public_api("/open-data/meetings", {}, "adjusted minutes' public index: public by law, no ids"),
      public_api("/open-data/meetings/{meeting}/decisions", "/open-data/meetings/{meeting}/decisions"),
      public_api("/open-data/meetings/{meeting}/votes", "/open-data/meetings/{meeting}/votes"),
      exempt("GET", "/anslagstavla/static/casehandling.css", "a stylesheet: " + no_data),
      exempt("GET", "/anslagstavla/{kommunkod}", "the member's notice board page: public by law, no ids"),

      // Digital mail (services/mailbox/src/routes.cpp).
      api("POST", "/messages", {}, letter),
      api("POST", "/messages/bulk", {}, R"({"letters":[)" + letter + "]}"),
      api("GET", "/messages/bulk/{id}", "/messages/bulk/{batch}"),
      api("GET", "/messages/{id}", "/messages/{letter}"),

      // Hiring (services/hiring/src/routes.cpp). No member of Höglandet runs hiring, so Eksjö
      // has no hire: (2) probes an id that exists nowhere.
      api("POST", "/hires", {}, "{}"),
      // services/hiring/src/routes.cpp reads the filter (hire_filter) before Hiring::list checks
      // hire.read: a malformed ?status= from another member is 400 and not audited.
      api("GET", "/hires"),
      api("GET", "/hires/{id}", "/hires/{hire}"),
      api("POST", "/hires/{id}/change", "/hires/{hire}/change", R"({"effectiveDate":"{year}-12-01"})"),
      api("POST", "/hires/{id}/termination", "/hires/{hire}/termination", R"({"lastDay":"{year}-12-31"})"),
      api("GET", "/hiring/lead-times"),

      // The staff web (libcore/src/http/staff, each service's section).
      exempt("GET", "/staff/static/staff.css", "a stylesheet: " + no_data),
      exempt("GET", "/staff/{kommunkod}/brand.css", "the member's colour: public, no personal data"),
      exempt("GET", "/staff/logga-in", "the login form"),
      exempt("POST", "/staff/logga-in", "login: the user's own credentials (staff_login_test)"),
      exempt("POST", "/staff/logga-in/siths", "login with the user's own card (auth_siths_test)"),
      exempt("GET", "/staff/nytt-losenord", "the user's own first password change"),
      exempt("POST", "/staff/nytt-losenord", "the user's own first password change"),
      exempt("GET", "/staff/engangskoder", "the user's own authenticator enrolment"),
      exempt("POST", "/staff/engangskoder", "the user's own authenticator enrolment"),
      exempt("POST", "/staff/logga-ut", "ends the caller's own session"),
      exempt("POST", "/staff/sprak", "the caller's own language choice"),
      exempt("GET", "/staff", "redirects to a member the caller belongs to"),
      Row{"POST", "/staff/byt-organisation", Kind::kStaffPage, {}, "_csrf={csrf}&member={kommunkod}"},
      staff("GET", "/staff/{kommunkod}"),
      staff("GET", "/staff/{kommunkod}/arenden"),
      staff("GET", "/staff/{kommunkod}/nojdhet"),
      staff("GET", "/staff/{kommunkod}/arenden/{reference}", "/staff/{kommunkod}/arenden/{errand}"),
      staff("GET", "/staff/{kommunkod}/arenden/{reference}/bilagor/{field}",
            "/staff/{kommunkod}/arenden/{errand}/bilagor/attachment"),
      staff("POST", "/staff/{kommunkod}/arenden/{reference}/anteckningar",
            "/staff/{kommunkod}/arenden/{errand}/anteckningar"),
      staff("POST", "/staff/{kommunkod}/arenden/{reference}/meddelanden",
            "/staff/{kommunkod}/arenden/{errand}/meddelanden"),
      staff("POST", "/staff/{kommunkod}/arenden/{reference}/status", "/staff/{kommunkod}/arenden/{errand}/status"),
      staff("POST", "/staff/{kommunkod}/arenden/{reference}/tilldelning",
            "/staff/{kommunkod}/arenden/{errand}/tilldelning"),
      staff("GET", "/staff/{kommunkod}/e-tjanster"),
      // The publisher's pages. The catalogue is the cooperation's, not Eksjö's: its service ids
      // and versions are every member's to read (an Aneby editor reads and adopts Eksjö's
      // service under Aneby), so the paths name them as they are rather than as Eksjö's ids.
      staff("GET", "/staff/{kommunkod}/e-tjanster/importera"),
      staff("POST", "/staff/{kommunkod}/e-tjanster/importera"),
      staff("GET", "/staff/{kommunkod}/e-tjanster/{service}", "/staff/{kommunkod}/e-tjanster/felanmalan-gata-park"),
      staff("POST", "/staff/{kommunkod}/e-tjanster/{service}/publicering",
            "/staff/{kommunkod}/e-tjanster/felanmalan-gata-park/publicering"),
      staff("POST", "/staff/{kommunkod}/e-tjanster/{service}/tillbakadragning",
            "/staff/{kommunkod}/e-tjanster/felanmalan-gata-park/tillbakadragning"),
      staff("GET", "/staff/{kommunkod}/e-tjanster/{service}/versioner/{version}",
            "/staff/{kommunkod}/e-tjanster/felanmalan-gata-park/versioner/1"),
      staff("GET", "/staff/{kommunkod}/e-tjanster/{service}/versioner/{version}/forhandsgranskning",
            "/staff/{kommunkod}/e-tjanster/felanmalan-gata-park/versioner/1/forhandsgranskning"),
      staff("GET", "/staff/{kommunkod}/diarium"),
      staff("POST", "/staff/{kommunkod}/diarium/reservationer"),
      staff("GET", "/staff/{kommunkod}/diarium/reservationer/{number}",
            "/staff/{kommunkod}/diarium/reservationer/{reservation_page}"),
      staff("POST", "/staff/{kommunkod}/diarium/reservationer/{number}/ge-upp",
            "/staff/{kommunkod}/diarium/reservationer/{reservation_page}/ge-upp"),
      staff("GET", "/staff/{kommunkod}/diarium/nytt"),
      staff("POST", "/staff/{kommunkod}/diarium/nytt"),
      staff("GET", "/staff/{kommunkod}/diarium/arenden/{case}", "/staff/{kommunkod}/diarium/arenden/{case_page}"),
      staff("POST", "/staff/{kommunkod}/diarium/arenden/{case}/handlingar",
            "/staff/{kommunkod}/diarium/arenden/{case_page}/handlingar"),
      staff("GET", "/staff/{kommunkod}/diarium/arenden/{case}/handlingar/{document}",
            "/staff/{kommunkod}/diarium/arenden/{case_page}/handlingar/{document}"),
      staff("POST", "/staff/{kommunkod}/diarium/arenden/{case}/status",
            "/staff/{kommunkod}/diarium/arenden/{case_page}/status"),
      staff("GET", "/staff/{kommunkod}/diarium/allmanna-registret"),
      staff("GET", "/staff/{kommunkod}/sammantraden"),
      staff("GET", "/staff/{kommunkod}/sammantraden/namnder/{board}", "/staff/{kommunkod}/sammantraden/namnder/KS"),
      staff("POST", "/staff/{kommunkod}/sammantraden/namnder/{board}/ledamoter",
            "/staff/{kommunkod}/sammantraden/namnder/KS/ledamoter"),
      staff("POST", "/staff/{kommunkod}/sammantraden/namnder/{board}/ledamoter/{member}/avslut",
            "/staff/{kommunkod}/sammantraden/namnder/KS/ledamoter/{member}/avslut"),
      staff("POST", "/staff/{kommunkod}/sammantraden/namnder/{board}/ledamoter/{member}/personnummer",
            "/staff/{kommunkod}/sammantraden/namnder/KS/ledamoter/{member}/personnummer"),
      staff("POST", "/staff/{kommunkod}/sammantraden/namnder/{board}/moten",
            "/staff/{kommunkod}/sammantraden/namnder/KS/moten"),
      staff("GET", "/staff/{kommunkod}/sammantraden/moten/{meeting}",
            "/staff/{kommunkod}/sammantraden/moten/{meeting}"),
      staff("POST", "/staff/{kommunkod}/sammantraden/moten/{meeting}/dagordning",
            "/staff/{kommunkod}/sammantraden/moten/{meeting}/dagordning"),
      staff("POST", "/staff/{kommunkod}/sammantraden/moten/{meeting}/informationsarenden",
            "/staff/{kommunkod}/sammantraden/moten/{meeting}/informationsarenden"),
      staff("POST", "/staff/{kommunkod}/sammantraden/moten/{meeting}/narvaro",
            "/staff/{kommunkod}/sammantraden/moten/{meeting}/narvaro"),
      staff("POST", "/staff/{kommunkod}/sammantraden/moten/{meeting}/protokoll",
            "/staff/{kommunkod}/sammantraden/moten/{meeting}/protokoll"),
      staff("GET", "/staff/{kommunkod}/sammantraden/protokoll/{minutes}",
            "/staff/{kommunkod}/sammantraden/protokoll/{minutes}"),
      staff("POST", "/staff/{kommunkod}/sammantraden/protokoll/{minutes}/paragrafer",
            "/staff/{kommunkod}/sammantraden/protokoll/{minutes}/paragrafer"),
      staff("GET", "/staff/{kommunkod}/sammantraden/protokoll/{minutes}/forhandsvisning",
            "/staff/{kommunkod}/sammantraden/protokoll/{minutes}/forhandsvisning"),
      staff("POST", "/staff/{kommunkod}/sammantraden/protokoll/{minutes}/justering",
            "/staff/{kommunkod}/sammantraden/protokoll/{minutes}/justering"),
      staff("POST", "/staff/{kommunkod}/sammantraden/protokoll/{minutes}/justering/{order}",
            "/staff/{kommunkod}/sammantraden/protokoll/{minutes}/justering/{order}"),
      staff("GET", "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}",
            "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}"),
      staff("POST", "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}/text",
            "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}/text"),
      staff("POST", "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}/poster",
            "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}/poster"),
      staff("POST", "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}/jav",
            "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}/jav"),
      staff("POST", "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}/votering",
            "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}/votering"),
      staff("POST", "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}/omedelbar-justering",
            "/staff/{kommunkod}/sammantraden/paragrafer/{paragraph}/omedelbar-justering"),
      staff("GET", "/staff/{kommunkod}/administration"),
      staff("GET", "/staff/{kommunkod}/administration/anvandare/ny"),
      staff("POST", "/staff/{kommunkod}/administration/anvandare/ny"),
      staff("GET", "/staff/{kommunkod}/administration/anvandare/{user}",
            "/staff/{kommunkod}/administration/anvandare/{staff_user}"),
      staff("POST", "/staff/{kommunkod}/administration/anvandare/{user}/roller",
            "/staff/{kommunkod}/administration/anvandare/{staff_user}/roller"),
      staff("POST", "/staff/{kommunkod}/administration/anvandare/{user}/status",
            "/staff/{kommunkod}/administration/anvandare/{staff_user}/status"),
      staff("GET", "/staff/{kommunkod}/administration/api-klienter"),
      staff("POST", "/staff/{kommunkod}/administration/api-klienter"),
      staff("POST", "/staff/{kommunkod}/administration/api-klienter/{client}/aterkalla",
            "/staff/{kommunkod}/administration/api-klienter/{api_client}/aterkalla"),
      staff("GET", "/staff/{kommunkod}/administration/granskningslogg"),
      staff("POST", "/staff/{kommunkod}/administration/granskningslogg/verifiering"),
      staff("GET", "/staff/{kommunkod}/anstallningar", {}, true),
      staff("GET", "/staff/{kommunkod}/anstallningar/ny", {}, true),
      staff("POST", "/staff/{kommunkod}/anstallningar/ny", {}, true),
      staff("GET", "/staff/{kommunkod}/anstallningar/utkast/{draft}", "/staff/{kommunkod}/anstallningar/utkast/{hire}",
            true),
      staff("GET", "/staff/{kommunkod}/anstallningar/chefer", {}, true),
      staff("POST", "/staff/{kommunkod}/anstallningar/chefer", {}, true),
      staff("GET", "/staff/{kommunkod}/anstallningar/{id}", "/staff/{kommunkod}/anstallningar/{hire}", true),
      staff("GET", "/staff/{kommunkod}/anstallningar/{id}/avtal.pdf",
            "/staff/{kommunkod}/anstallningar/{hire}/avtal.pdf", true),
      staff("POST", "/staff/{kommunkod}/anstallningar/{id}/andring", "/staff/{kommunkod}/anstallningar/{hire}/andring",
            true),
      staff("POST", "/staff/{kommunkod}/anstallningar/{id}/avslut", "/staff/{kommunkod}/anstallningar/{hire}/avslut",
            true),

      // The new employee's pages (services/hiring/src/employee_pages.cpp): no login; the link's
      // 256-bit token is the key, looked up by its SHA-256 in the path's member only, and BankID
      // requires the hire's personnummer (hiring_contract_test, hiring_welcome_test: another
      // member's page and an unknown link are 404).
      Row{"GET", "/anstallning/static/employee.css", Kind::kExempt, {}, {}, "a stylesheet: " + no_data, true},
      Row{"GET",
          "/anstallning/{kommunkod}/avtal/{token}",
          Kind::kExempt,
          {},
          {},
          "the contract's link is its key",
          true},
      Row{"POST",
          "/anstallning/{kommunkod}/avtal/{token}/underskrift",
          Kind::kExempt,
          {},
          {},
          "starts BankID for the contract's employee only",
          true},
      Row{"GET",
          "/anstallning/{kommunkod}/avtal/{token}/underskrift/{signing}",
          Kind::kExempt,
          {},
          {},
          "the link and the signing id are the key",
          true},
      Row{"POST",
          "/anstallning/{kommunkod}/avtal/{token}/underskrift/{signing}/avbryt",
          Kind::kExempt,
          {},
          {},
          "the link and the signing id are the key",
          true},
      Row{"GET",
          "/anstallning/{kommunkod}/start/{token}",
          Kind::kExempt,
          {},
          {},
          "the invitation's link is its key",
          true},
      Row{"POST",
          "/anstallning/{kommunkod}/start/{token}/inloggning",
          Kind::kExempt,
          {},
          {},
          "starts BankID for the invited employee only",
          true},
      Row{"GET",
          "/anstallning/{kommunkod}/start/{token}/inloggning/{login}",
          Kind::kExempt,
          {},
          {},
          "the link and the login id are the key",
          true},
      Row{"POST",
          "/anstallning/{kommunkod}/start/{token}/aktivera",
          Kind::kExempt,
          {},
          {},
          "the link and the one-time activation code are the key",
          true},

      // The citizens' pages (services/eservices/src/pages.cpp).
      exempt("GET", "/e/static/site.css", "a stylesheet: " + no_data),
      exempt("GET", "/e/static/bankid.js", "the BankID page's script: " + no_data),
      exempt("GET", "/e/{kommunkod}/brand.css", "the member's colour: public, no personal data"),
      exempt("GET", "/e/{kommunkod}", "the member's public catalogue of e-services"),
      exempt("GET", "/", "the cooperation's landing page: its members and their public contact details"),
      exempt("GET", "/e/{kommunkod}/tillganglighet", "the member's accessibility statement: public by law, no ids"),
      exempt("GET", "/e/{kommunkod}/personuppgifter", "the member's privacy notice: public, no ids"),
      exempt("GET", "/e/{kommunkod}/kakor", "the member's cookie statement: public, no ids"),
      exempt("GET", "/e/{kommunkod}/logga-in", "the login page"),
      exempt("POST", "/e/{kommunkod}/logga-in", "starts the caller's own BankID login"),
      exempt("GET", "/e/{kommunkod}/logga-in/{login}",
             "collects the BankID login bound to the caller's own session (login_pages_test)"),
      exempt("GET", "/e/{kommunkod}/logga-in/{login}/qr.svg", "the QR code of the caller's own session's login"),
      exempt("GET", "/e/{kommunkod}/logga-in/{login}/status", "the caller's own session's BankID login, as JSON"),
      exempt("POST", "/e/{kommunkod}/logga-in/{login}/avbryt", "cancels the caller's own session's BankID login"),
      exempt("POST", "/e/{kommunkod}/logga-ut", "ends the caller's own session"),
      exempt("POST", "/e/{kommunkod}/mina-sidor/aviseringar",
             "saves the logged-in caller's own notice choice: keyed by their login, no id in the path"),
      citizen("GET", "/e/{kommunkod}/tjanst/{service}", "/e/{kommunkod}/tjanst/{eservice}"),
      citizen("GET", "/e/{kommunkod}/tjanst/{service}/steg/{step}", "/e/{kommunkod}/tjanst/{eservice}/steg/fault"),
      citizen("POST", "/e/{kommunkod}/tjanst/{service}/steg/{step}", "/e/{kommunkod}/tjanst/{eservice}/steg/fault"),
      citizen("GET", "/e/{kommunkod}/tjanst/{service}/granska", "/e/{kommunkod}/tjanst/{eservice}/granska"),
      citizen("POST", "/e/{kommunkod}/tjanst/{service}/granska", "/e/{kommunkod}/tjanst/{eservice}/granska"),
      citizen("GET", "/e/{kommunkod}/kvitto/{reference}", "/e/{kommunkod}/kvitto/{errand}"),
      citizen("GET", "/e/{kommunkod}/kvitto/{reference}/text", "/e/{kommunkod}/kvitto/{errand}/text"),
      citizen("GET", "/e/{kommunkod}/mina-sidor", "/e/{kommunkod}/mina-sidor"),
      citizen("GET", "/e/{kommunkod}/mina-sidor/arende/{reference}", "/e/{kommunkod}/mina-sidor/arende/{errand}"),
      citizen("POST", "/e/{kommunkod}/mina-sidor/arende/{reference}", "/e/{kommunkod}/mina-sidor/arende/{errand}"),
      citizen("POST", "/e/{kommunkod}/mina-sidor/arende/{reference}/enkat",
              "/e/{kommunkod}/mina-sidor/arende/{errand}/enkat"),
  };
}

/// `text` with every {name} of `values` replaced.
inline std::string fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string key = "{" + name + "}";
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
      text.replace(at, key.size(), value);
    }
  }
  return text;
}

/// Whether `path` names one of the probed member's objects (a {name} other than {kommunkod}).
inline bool takes_ids(const std::string& path) {
  for (auto at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1)) {
    if (path.compare(at, 11, "{kommunkod}") != 0) return true;
  }
  return false;
}

/// One caller: a bearer token or a session cookie with its CSRF token, and who that is.
struct Caller {
  std::string name;
  std::string bearer = {};
  std::string cookie = {};
  std::string csrf = {};
  security::Principal principal = security::Principal::anonymous();
};

/// The platform with Eksjö's objects and Aneby's principals.
struct World : BankIdFixture {
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  std::unique_ptr<server::Platform> platform;
  std::map<std::string, std::string> ids;  ///< Eksjö's objects by placeholder name
  std::string eksjo_token;

  explicit World(const std::string& database_url = {}) {
    server::PlatformOptions options;
    options.config_file = runnable_example(dir);
    options.data_dir = dir / "data";
    options.database_url = database_url;
    options.listen = "127.0.0.1:0";
    options.bankid = client_options();
    platform = server::Platform::start(options, logger);
    make_eksjo_objects();
  }

  HttpsClient client() const { return HttpsClient(platform->certificate_file(), platform->port()); }

  /// A bearer token of a new client of `municipality` with `scopes`.
  std::string token_for(const ids::Kommunkod& municipality, const std::set<std::string>& scopes) {
    return new_client_token(*platform, municipality, scopes).second;
  }

  /// A logged-in staff session of Aneby's new user `username` holding `roles`.
  Caller staff_of_aneby(const std::string& username, const std::set<security::Role>& roles) {
    const auto admin = security::Principal::staff("admin", {{kAneby, {security::Role::kAdministrator}}});
    tenancy::Context ctx(platform->database(), admin, kAneby, SystemClock::instance(), &platform->audit_log());
    auth::NewStaffUserRequest request;
    request.username = username;
    request.roles = roles;
    platform->auth().staff().create(ctx, request);
    ctx.commit();
    return session_of(username, security::Principal::staff(username, {{kAneby, roles}}));
  }

  Caller session_of(const std::string& name, const security::Principal& principal) {
    const auto created = platform->auth().sessions().create_session(principal);
    return {
        name, {}, std::string(auth::kSessionCookieName) + "=" + created.token, created.session.csrf_token, principal};
  }

  HttpResult send(const Caller& caller, const std::string& method, const std::string& path, const std::string& body,
                  const std::string& content_type = "application/json") {
    std::map<std::string, std::string> headers;
    if (!caller.bearer.empty()) headers["Authorization"] = "Bearer " + caller.bearer;
    if (!caller.cookie.empty()) {
      headers["Cookie"] = caller.cookie;
      headers["X-CSRF-Token"] = caller.csrf;
    }
    return client().request(method, path, body, content_type, headers);
  }

  /// A call with Eksjö's token that must succeed; returns its answer.
  HttpResult make(const std::string& method, const std::string& rest, const std::string& body = {}) {
    const auto r = send({"eksjo", eksjo_token}, method, "/api/v1/municipalities/0686" + rest, body);
    BOOST_TEST_REQUIRE((r.status >= 200 && r.status < 300), method << " " << rest << ": " << r.status << " " << r.body);
    return r;
  }

  void make_eksjo_objects() {
    const std::string year =
        std::to_string(static_cast<int>(calendar::swedish_date(SystemClock::instance().now()).year()));
    ids["year"] = year;
    eservices::Catalogue catalogue(platform->cooperation());
    {
      const auto editor = security::Principal::staff("editor", {{kEksjo, {security::Role::kEServiceEditor}}});
      tenancy::Context ctx(platform->database(), editor, kEksjo, SystemClock::instance(), &platform->audit_log());
      catalogue.import_definition(ctx,
                                  read_file(source_dir() / "examples/hoglandet/eservices/felanmalan-gata-park.xml"),
                                  "felanmalan-gata-park.xml");
      catalogue.publish(ctx, "felanmalan-gata-park", 1, {});
      ctx.commit();
    }
    ids["eservice"] = "felanmalan-gata-park";
    eksjo_token = token_for(kEksjo, auth::known_scopes());

    // An errand of the citizen kOwner with a photo, a note and a message.
    const auto errand = make(
        "POST", "/eservices/felanmalan-gata-park/submissions",
        R"({"requestId":"eksjo-1","personnummer":")" + std::string(kOwner) +
            R"(","version":1,"answers":{"fault-type":"pothole","description":")" + kSecret +
            R"( hål","address":"Storgatan 1, Eksjö"},"attachments":{"photo":{"fileName":"hal.png",)"
            R"("contentBase64":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}}})");
    ids["errand"] = json_member(errand.body, "reference");
    make("POST", "/errands/" + ids["errand"] + "/notes", R"({"body":")" + std::string(kSecret) + R"( anteckning"})");
    make("POST", "/errands/" + ids["errand"] + "/messages", R"({"body":")" + std::string(kSecret) + R"( fråga"})");

    // A case with a document, and a reserved number.
    const auto registered = make(
        "POST", "/cases", R"({"diary":"KS","title":")" + std::string(kSecret) + R"( bygglov","caseType":"bygglov"})");
    std::string number = json_member(registered.body, "number");  // "KS 2026/1"
    ids["case_number"] = number;
    number[number.find(' ')] = '/';
    ids["case"] = number;
    std::string page = number;  // the staff pages name it "KS-2026-1"
    std::replace(page.begin(), page.end(), '/', '-');
    ids["case_page"] = page;
    const auto document = make("POST", "/cases/" + number + "/documents",
                               R"({"direction":"incoming","title":")" + std::string(kSecret) +
                                   R"( brev","contentType":"text/plain","contentBase64":"RUtTSk9IRU1MSVM="})");
    ids["document"] = json_member(document.body, "documentNumber");
    std::string reserved = json_member(make("POST", "/diaries/KS/reservations", R"({"note":"x"})").body, "number");
    reserved[reserved.find(' ')] = '/';
    ids["reservation"] = reserved;
    std::replace(reserved.begin(), reserved.end(), '/', '-');  // the staff pages' "KS-2026-2"
    ids["reservation_page"] = reserved;

    // A board member, a meeting with its agenda, attendance, minutes and a paragraph.
    const auto seated = make("POST", "/boards/KS/members",
                             R"({"term":")" + year + "-" + year + R"(","userId":"ledamot","name":")" + kSecret +
                                 R"( Ledamot","kind":"ordinary","validFrom":")" + year + R"(-01-01"})");
    ids["member"] = json_member(seated.body, "id");
    make("POST", "/boards/KS/members",
         R"({"term":")" + year + "-" + year + R"(","userId":"ordf","name":"Ordförande","kind":"ordinary",)" +
             R"("function":"chair","validFrom":")" + year + R"(-01-01"})");
    const auto meeting =
        make("POST", "/boards/KS/meetings",
             R"({"date":")" + year + R"(-06-10","startsAt":"13:00","place":")" + kSecret + R"( salen"})");
    ids["meeting"] = json_member(meeting.body, "id");
    const std::string m = "/meetings/" + ids["meeting"];
    make("POST", m + "/agenda");
    make("POST", m + "/agenda/items", R"({"heading":")" + std::string(kSecret) + R"( punkt"})");
    make("PUT", m + "/attendance",
         R"({"attendance":[{"userId":"ledamot","presence":"present"},{"userId":"ordf","presence":"present"}]})");
    const auto minutes =
        make("POST", m + "/minutes", R"({"keptAt":")" + std::string(kSecret) + R"(","adjusters":["ledamot"]})");
    ids["minutes"] = json_member(minutes.body, "id");
    const auto paragraph = make("POST", "/minutes/" + ids["minutes"] + "/paragraphs",
                                R"({"heading":")" + std::string(kSecret) + R"( paragraf"})");
    ids["paragraph"] = json_member(paragraph.body, "id");
    make("PATCH", "/paragraphs/" + ids["paragraph"], R"({"decision":")" + std::string(kSecret) + R"( beslut"})");
    // No notice and no BankID order without signed minutes: ids that exist nowhere.
    ids["notice"] = "1";
    ids["order"] = "0123456789abcdef0123456789abcdef";
    // No member of Höglandet runs hiring.
    ids["hire"] = "1";
    // A staff user and an API client of Eksjö's, made by its administrator.
    {
      const auto admin = security::Principal::staff("admin-0686", {{kEksjo, {security::Role::kAdministrator}}});
      tenancy::Context ctx(platform->database(), admin, kEksjo, SystemClock::instance(), &platform->audit_log());
      auth::NewStaffUserRequest request;
      request.username = "eksjo.hemlis";
      request.display_name = std::string(kSecret) + " Ek";
      request.roles = {security::Role::kRegistrar};
      ids["staff_user"] = std::to_string(platform->auth().staff().create(ctx, request).user.id);
      ids["api_client"] = platform->auth().clients().create(ctx, {"errands:read"}).client.id;
      ctx.commit();
    }

    // A letter and a bulk batch.
    const auto letter = [](const std::string& request_id) {
      return R"({"clientRequestId":")" + request_id + R"(","recipient":"19121212-1212","subject":")" +
             std::string(kSecret) + R"(","body":"Hej","support":{"text":"Ring oss"}})";
    };
    ids["letter"] = json_member(make("POST", "/messages", letter("eksjo-1")).body, "id");
    const auto batch = make("POST", "/messages/bulk", R"({"letters":[)" + letter("eksjo-2") + "]}");
    ids["batch"] = json_member(batch.body, "batchId");
  }

  /// Refusals in `municipality`'s audit chain so far.
  long long refusals(const ids::Kommunkod& municipality) {
    auto session = platform->database().acquire();
    long long count = 0;
    const std::string code = municipality.str();
    *session << "SELECT COUNT(*) FROM audit_entry WHERE municipality = :m AND outcome = 'refused'",
        soci::use(code, "m"), soci::into(count);
    return count;
  }
};

inline bool is_problem(const HttpResult& r) { return r.content_type.starts_with("application/problem+json"); }

inline bool leaks(const HttpResult& r) {
  return r.body.find(kSecret) != std::string::npos || r.body.find(kOwner) != std::string::npos ||
         r.body.find("19121212-1212") != std::string::npos;
}

/// Every route of the table has a row, every row names a route of the table, and each row's
/// call reaches its own route.
inline void check_every_route_has_a_row(World& world) {
  const auto rows = matrix();
  std::map<std::string, const Row*> by_route;
  for (const auto& row : rows) {
    const bool fresh = by_route.emplace(row.method + " " + row.pattern, &row).second;
    BOOST_TEST(fresh, "two rows for " << row.method << " " << row.pattern);
  }
  std::set<std::string> routes;
  for (const auto& info : world.platform->router().table()) {
    const std::string route = info.method + " " + info.pattern;
    routes.insert(route);
    const auto row = by_route.find(route);
    BOOST_TEST((row != by_route.end()), "the route " << route << " has no row in the isolation matrix");
    if (row == by_route.end()) continue;
    if (row->second->kind == Kind::kExempt) {
      BOOST_TEST(!row->second->why.empty(), route << " is exempt without a reason");
      continue;
    }
    // The call of the row reaches this very route.
    http::Request request;
    request.method = info.method;
    request.path = fill(row->second->path.empty() ? row->second->pattern : row->second->path, {{"kommunkod", "0604"}});
    request.path = fill(request.path, world.ids);
    const auto match = world.platform->router().match(request);
    BOOST_TEST((match.kind == http::Router::MatchKind::kFound && match.route == info.pattern),
               route << ": the row calls " << request.path << ", which is " << match.route);
  }
  for (const auto& row : rows) {
    const std::string route = row.method + " " + row.pattern;
    BOOST_TEST((row.conditional || routes.contains(route)), "the matrix names " << route << ", which is no route");
  }
}

/// Aneby's principals: an API client with every scope, staff with every role together and
/// with each role alone, and a citizen.
struct Principals {
  std::vector<Caller> api;     ///< for the API: every check
  std::vector<Caller> narrow;  ///< for the API, (1) only: each role alone, each scope alone
  std::vector<Caller> staff;   ///< for the staff pages (sessions)
};

inline Principals aneby_principals(World& world) {
  using security::Role;
  const std::vector<Role> roles = {
      Role::kAdministrator,  Role::kRegistrar, Role::kCaseHandler,   Role::kCommitteeSecretary, Role::kCommitteeMember,
      Role::kEServiceEditor, Role::kReader,    Role::kHiringManager, Role::kHrOfficer};
  Principals p;
  p.api.push_back({"Aneby's API client with every scope",
                   world.token_for(kAneby, auth::known_scopes()),
                   {},
                   {},
                   security::Principal::api_client("client", kAneby, auth::known_scopes())});
  auto everything = world.staff_of_aneby("anna.aneby", std::set<Role>(roles.begin(), roles.end()));
  everything.name = "Aneby's staff with every role";
  p.api.push_back(everything);
  p.staff.push_back(everything);
  for (const auto role : roles) {
    const std::string name(security::to_string(role));
    auto alone = world.staff_of_aneby("aneby." + name, {role});
    alone.name = "Aneby's " + name;
    p.staff.push_back(alone);
    p.narrow.push_back(alone);
  }
  for (const auto& scope : auth::known_scopes()) {
    p.narrow.push_back({"Aneby's API client with " + scope,
                        world.token_for(kAneby, {scope}),
                        {},
                        {},
                        security::Principal::api_client("client", kAneby, {scope})});
  }
  p.api.push_back(world.session_of("a citizen", security::Principal::citizen(ids::Personnummer::parse(kCecilia))));
  return p;
}

/// The route table's rows by "METHOD pattern".
inline std::map<std::string, http::RouteInfo> route_table(World& world) {
  std::map<std::string, http::RouteInfo> table;
  for (auto& info : world.platform->router().table()) table[info.method + " " + info.pattern] = info;
  return table;
}

/// (1) and (2) for every API row.
inline void check_the_api(World& world, const Principals& principals) {
  const auto table = route_table(world);
  // The control: Eksjö's own client reads what the others must not.
  for (const std::string rest : {"/errands/{errand}/notes", "/cases/{case}"}) {
    const auto own =
        world.send({"eksjo", world.eksjo_token}, "GET", fill("/api/v1/municipalities/0686" + rest, world.ids), {});
    BOOST_TEST_REQUIRE(own.status == 200, rest << ": " << own.body);
    BOOST_TEST(leaks(own), rest << " shows Eksjö's data to Eksjö: " << own.body);
  }
  for (const auto& row : matrix()) {
    if (row.kind != Kind::kApi && row.kind != Kind::kPublicApi) continue;
    const auto& permission = table.at(row.method + " " + row.pattern).permission;
    const std::string path = fill(row.path.empty() ? row.pattern : row.path, world.ids);
    const std::string body = fill(row.body, world.ids);
    std::vector<std::pair<const Caller*, bool>> callers;  // and whether every check is made
    for (const auto& caller : principals.api) callers.emplace_back(&caller, true);
    for (const auto& caller : principals.narrow) callers.emplace_back(&caller, false);
    for (const auto& [who, every_check] : callers) {
      const Caller& caller = *who;
      const std::string what = caller.name + ": " + row.method + " ";
      if (row.kind == Kind::kApi) {
        const std::string there = fill(path, {{"kommunkod", kEksjo.str()}});
        const auto before = world.refusals(kEksjo);
        const auto r = world.send(caller, row.method, there, body);
        // An outsider hears "not found"; a citizen, who belongs to every municipality's public,
        // is told "forbidden" (tenancy::Context::require).
        const int expected = caller.principal.kind() == security::PrincipalKind::kCitizen ? 403 : 404;
        BOOST_TEST(r.status == expected, what << there << ": " << r.status << " " << r.body);
        BOOST_TEST(is_problem(r), what << there << ": " << r.content_type);
        BOOST_TEST(!leaks(r), what << there << " answers Eksjö's data: " << r.body);
        BOOST_TEST(world.refusals(kEksjo) > before, what << there << ": the refusal is not in Eksjö's audit log");
        if (!every_check) continue;
        // Whatever the input holds (a malformed body, or every query parameter a route of the
        // API reads, malformed): refused before it is read, and audited.
        const auto again = world.refusals(kEksjo);
        const bool reads_body = row.method != "GET" && row.method != "DELETE";
        const std::string bad = reads_body ? there : there + "?format=x&day=x&status=x&assignedTo=&unit=x&q=";
        const auto malformed = world.send(caller, row.method, bad, reads_body ? "not json" : "");
        BOOST_TEST(malformed.status == expected,
                   what << bad << " (malformed input): " << malformed.status << " " << malformed.body);
        BOOST_TEST(is_problem(malformed), what << bad << " (malformed input): " << malformed.content_type);
        BOOST_TEST(!leaks(malformed), what << bad << " (malformed input) answers Eksjö's data");
        BOOST_TEST(world.refusals(kEksjo) > again,
                   what << bad << " (malformed input): audited " << world.refusals(kEksjo) - again);
      }
      if (every_check && takes_ids(row.path)) {
        const std::string here = fill(path, {{"kommunkod", kAneby.str()}});
        const auto r = world.send(caller, row.method, here, body);
        // Without the route's permission in Aneby: 403 before any lookup; with it: not found.
        const bool allowed = !permission || security::allows(caller.principal, kAneby, *permission);
        BOOST_TEST(r.status == (allowed ? 404 : 403), what << here << " (Eksjö's id): " << r.status << " " << r.body);
        BOOST_TEST(is_problem(r), what << here << ": " << r.content_type);
        BOOST_TEST(!leaks(r), what << here << " answers Eksjö's data: " << r.body);
      }
    }
  }
}

/// (1) and (2) for every staff page: 404 for a member the user does not belong to, audited there.
inline void check_the_staff_pages(World& world, const Principals& principals) {
  std::set<std::string> mounted;
  for (const auto& info : world.platform->router().table()) mounted.insert(info.method + " " + info.pattern);
  for (const auto& row : matrix()) {
    if (row.kind != Kind::kStaffPage || !mounted.contains(row.method + " " + row.pattern)) continue;
    const std::string path = fill(row.path.empty() ? row.pattern : row.path, world.ids);
    for (const auto& caller : principals.staff) {
      const std::string what = caller.name + ": " + row.method + " ";
      const std::map<std::string, std::string> there{{"kommunkod", kEksjo.str()}, {"csrf", caller.csrf}};
      const auto before = world.refusals(kEksjo);
      const auto r =
          world.send(caller, row.method, fill(path, there), fill(row.body, there), "application/x-www-form-urlencoded");
      BOOST_TEST(r.status == 404, what << fill(path, there) << ": " << r.status);
      BOOST_TEST(!leaks(r), what << fill(path, there) << " answers Eksjö's data");
      BOOST_TEST(world.refusals(kEksjo) > before, what << fill(path, there) << ": the refusal is not audited");
      if (takes_ids(row.path)) {
        const std::map<std::string, std::string> here{{"kommunkod", kAneby.str()}, {"csrf", caller.csrf}};
        const auto own =
            world.send(caller, row.method, fill(path, here), fill(row.body, here), "application/x-www-form-urlencoded");
        BOOST_TEST((own.status == 403 || own.status == 404), what << fill(path, here) << ": " << own.status);
        BOOST_TEST(!leaks(own), what << fill(path, here) << " answers Eksjö's data");
      }
    }
  }
}

/// The citizens' pages: the errand's owner under Aneby's kommunkod, and another citizen under
/// Eksjö's, see nothing of the errand; Eksjö's e-service is not Aneby's.
inline void check_the_citizen_pages(World& world) {
  const auto owner =
      world.session_of("the errand's owner", security::Principal::citizen(ids::Personnummer::parse(kOwner)));
  const auto other =
      world.session_of("another citizen", security::Principal::citizen(ids::Personnummer::parse(kCecilia)));
  // The control: the owner sees the errand under Eksjö, so what the others see is meaningful.
  const auto own = world.send(owner, "GET", "/e/0686/mina-sidor/arende/" + world.ids.at("errand"), {});
  BOOST_TEST_REQUIRE(own.status == 200, own.body);
  BOOST_TEST_REQUIRE(leaks(own), "the owner's page shows the errand's messages");
  for (const auto& row : matrix()) {
    if (row.kind != Kind::kCitizenPage) continue;
    const std::string path = fill(row.path, world.ids);
    for (const auto& [caller, municipality] :
         std::vector<std::pair<Caller, ids::Kommunkod>>{{owner, kAneby}, {other, kAneby}, {other, kEksjo}}) {
      // Eksjö's own e-service pages are Eksjö's public catalogue: not probed under Eksjö.
      if (municipality == kEksjo && row.path.find("{errand}") == std::string::npos &&
          row.path.find("mina-sidor") == std::string::npos) {
        continue;
      }
      std::string csrf;
      Poco::URI::encode(caller.csrf, "!#$&'()*+,/:;=?@[]", csrf);
      const std::map<std::string, std::string> values{{"kommunkod", municipality.str()}, {"csrf", csrf}};
      const std::string call = fill(path, values);
      const std::string body = row.method == "POST" ? fill(row.body, values) + "&reply=Intr%C3%A5ng" : "";
      const auto before = world.refusals(municipality);
      const auto r = world.send(caller, row.method, call, body, "application/x-www-form-urlencoded");
      const std::string what = caller.name + ": " + row.method + " " + call;
      if (row.path.ends_with("/mina-sidor")) {
        BOOST_TEST(r.status == 200, what << ": " << r.status);
        BOOST_TEST(r.body.find(world.ids.at("errand")) == std::string::npos, what << " lists Eksjö's errand");
      } else {
        BOOST_TEST(r.status == 404, what << ": " << r.status);
      }
      BOOST_TEST(!leaks(r), what << " answers the errand's data");
      // Another citizen's errand where it exists: the attempt is a refusal, audited. Under
      // Aneby the errand does not exist: a lookup that finds nothing is not a refusal.
      if (municipality == kEksjo && row.path.find("{errand}") != std::string::npos) {
        BOOST_TEST(world.refusals(kEksjo) > before, what << ": the refusal is not audited");
      }
    }
  }
}

/// The whole matrix on the platform of `database_url` (empty: SQLite in a temporary folder).
inline void run_the_matrix(const std::string& database_url = {}) {
  World world(database_url);
  check_every_route_has_a_row(world);
  const auto principals = aneby_principals(world);
  check_the_api(world, principals);
  check_the_staff_pages(world, principals);
  check_the_citizen_pages(world);
}

}  // namespace samverkan::test::isolation
